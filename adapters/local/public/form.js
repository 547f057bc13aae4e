// The form dialog for a FormSpec the core answered with (Slack's modal, Teams' card). Built with
// textContent and DOM properties only: nothing the core or a user wrote becomes HTML.

const $ = (id) => document.getElementById(id);

/** Opens the dialog; `people` are the choices of a "users" field. */
export function openForm(form, people) {
  const dialog = $('form-dialog');
  $('form-title').textContent = form.title;
  $('form-submit').textContent = form.submitLabel;
  const fields = $('form-fields');
  fields.textContent = '';
  for (const field of form.fields) fields.append(formField(field, people));
  dialog.dataset.formId = form.formId;
  dialog.dataset.state = form.state;
  dialog.showModal();
}

function formField(field, people) {
  const wrap = document.createElement('div');
  const label = document.createElement('label');
  label.textContent = field.label;
  if (field.required) {
    const req = document.createElement('span');
    req.className = 'req';
    req.textContent = ' *';
    label.append(req);
  }
  const id = `field-${field.id}`;
  label.htmlFor = id;
  wrap.append(label, formInput(field, id, people));
  if (field.hint) {
    const hint = document.createElement('div');
    hint.className = 'field-hint';
    hint.textContent = field.hint;
    wrap.append(hint);
  }
  return wrap;
}

function formInput(field, id, people) {
  if (field.kind === 'users') {
    const box = document.createElement('div');
    box.className = 'people';
    box.id = id;
    box.dataset.users = field.id;
    for (const person of people) {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.value = person.ref;
      input.name = field.id;
      label.append(input, person.name);
      label.title = person.title;
      box.append(label);
    }
    return box;
  }
  let input;
  if (field.kind === 'select') {
    input = document.createElement('select');
    for (const option of field.options || []) input.append(new Option(option.label, option.value));
  } else if (field.kind === 'textarea') {
    input = document.createElement('textarea');
    input.rows = 4;
  } else {
    input = document.createElement('input');
    input.type = field.kind === 'date' || field.kind === 'time' ? field.kind : 'text';
  }
  input.id = id;
  input.name = field.id;
  input.required = field.required;
  if (field.initial) input.value = field.initial;
  return input;
}

/** The values as handleForm expects them: text as strings, chosen people as arrays of refs. */
export function formValues() {
  const values = {};
  for (const el of $('form-fields').querySelectorAll('input, select, textarea')) {
    if (el.type === 'checkbox') {
      values[el.name] = values[el.name] || [];
      if (el.checked) values[el.name].push(el.value);
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}
