// `kubectl create pdb`: the poddisruptionbudget command under its alias (KUBECTL_ALIASES names it in messages and help).
import CreatePodDisruptionBudget from './poddisruptionbudget.js';

export default class CreatePdb extends CreatePodDisruptionBudget {}
