// `kubectl create pdb`: the poddisruptionbudget command under its alias.
import CreatePodDisruptionBudget from './poddisruptionbudget.js';

export default class CreatePdb extends CreatePodDisruptionBudget {
  protected override commandPath(): string {
    return super.commandPath().replace(/ pdb$/, ' poddisruptionbudget');
  }
}
