/** The fake's bots use the production request/response adapters for CloudAdapter.process(). */
export * from '../../../adapters/teams/node-http.ts';
