/** @tsappa/templates: pure functions from resolved settings to one CloudFormation template. */
export * from './settings.js';
