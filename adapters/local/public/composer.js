// Suggestions in the message box: /tovholder and its subcommands, and @people.

const COMMANDS = [
  ['hjælp', 'alle kommandoer'],
  ['demo', 'opret demoforløbet med fire partnerskaber (demo 2027-01-04 <skabelon> for en anden skabelon)'],
  ['opret "Navn" 2027-01-04', 'opret et forløb'],
  ['partnerskab "Navn" "Kulturinstitution" "Daginstitution" @navn=kultur @navn=dagtilbud', 'tilføj et partnerskab'],
  ['medlem "Partnerskab" @navn=dagtilbud', 'tilføj en person'],
  ['gruppe netværk "Netværk Nord"', 'tilføj en gruppe (netværk, spor, ...)'],
  ['organisation "Netværk Nord" "Hjørring Kommune" @navn=rolle', 'tilføj en kommune til en gruppe'],
  ['format temamoede-1 "Netværk Nord" virtuel https://', 'fysisk, virtuel eller hybrid'],
  ['sted temamoede-1 "Netværk Nord" "Sted"', 'sæt stedet for en aktivitet'],
  ['byt besoeg "Hjørring" "Brønderslev"', 'byt to i et trins par'],
  ['workshop midtvejs 2027-03-08 09:00 Sted', 'sæt dato og sted for en workshop'],
  ['plan', 'hele planen (plan mine: dine næste aktiviteter)'],
  ['flyt nysgerrighed Havet 2027-01-20 10:00', 'flyt en aktivitet'],
  ['status', 'hvad er sket, og hvad kommer'],
  ['forløb', 'forløbene i arbejdsrummet'],
  ['sprog en', 'skift sprog'],
];

/**
 * Wires the suggestion list to the message box. `people()` gives the current directory; `submit()` sends
 * the message when Enter is not taken by a suggestion.
 */
export function wireSuggestions(text, list, people, submit) {
  const suggest = { items: [], index: 0 };

  const draw = () => {
    list.textContent = '';
    list.hidden = suggest.items.length === 0;
    suggest.items.forEach((item, i) => {
      const li = document.createElement('li');
      li.className = i === suggest.index ? 'active' : '';
      li.setAttribute('role', 'option');
      const main = document.createElement('span');
      main.className = 's-main';
      main.textContent = item.main;
      const sub = document.createElement('span');
      sub.className = 's-sub';
      sub.textContent = item.sub;
      li.append(main, sub);
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        accept(item);
      });
      list.append(li);
    });
  };
  const clear = () => {
    suggest.items = [];
    draw();
  };
  const accept = (item) => {
    const [from, to] = item.replace;
    text.value = text.value.slice(0, from) + item.insert + text.value.slice(to);
    const caret = from + item.insert.length;
    text.setSelectionRange(caret, caret);
    clear();
    grow(text);
  };
  // Enter takes a suggestion only when it would change the text (a finished word sends).
  const changes = () => {
    const item = suggest.items[suggest.index];
    return item && text.value.slice(item.replace[0], item.replace[1]) !== item.insert.trimEnd();
  };

  text.addEventListener('keydown', (event) => {
    if (suggest.items.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const n = suggest.items.length;
        suggest.index = (suggest.index + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
        draw();
        return;
      }
      if (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey && changes())) {
        event.preventDefault();
        accept(suggest.items[suggest.index]);
        return;
      }
      if (event.key === 'Escape') return clear();
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  });
  text.addEventListener('input', () => {
    grow(text);
    suggest.items = suggestions(text.value, text.selectionStart, people()).slice(0, 9);
    suggest.index = 0;
    draw();
  });
  text.addEventListener('blur', () => setTimeout(clear, 100));
}

/** The message box grows with its text, up to a limit. */
export function grow(text) {
  text.style.height = 'auto';
  text.style.height = `${Math.min(text.scrollHeight, 160)}px`;
}

function suggestions(text, caret, people) {
  const before = text.slice(0, caret);
  const mention = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
  if (mention) {
    const q = mention[2].toLowerCase();
    return people
      .filter((p) => p.handle.startsWith(q) || p.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)))
      .map((p) => ({ main: `@${p.handle}`, sub: `${p.name} · ${p.title}`, replace: [caret - q.length - 1, caret], insert: `@${p.handle} ` }));
  }
  if (/^\/(?:t(?:o(?:v(?:h(?:o(?:l(?:d(?:e(?:r)?)?)?)?)?)?)?)?)?$/.test(before)) {
    return [{ main: '/tovholder', sub: 'Tovholders kommandoer', replace: [0, caret], insert: '/tovholder ' }];
  }
  const sub = /^\/tovholder\s+(\S*)$/.exec(before);
  if (!sub) return [];
  return COMMANDS.filter(([c]) => c.startsWith(sub[1])).map(([c, what]) => ({
    main: `/tovholder ${c}`,
    sub: what,
    replace: [0, caret],
    insert: `/tovholder ${c.split(' ')[0]} `,
  }));
}
