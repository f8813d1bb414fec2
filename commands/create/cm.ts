// `kubectl create cm`: the configmap command under its alias.
export { default } from './configmap.js';
