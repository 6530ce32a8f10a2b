import { GoswError } from '../errors.js';
import { matchesSpec, resolveSpec, type Spec } from '../versions/spec.js';
import { isPrerelease } from '../versions/version.js';
import { listInstalled, type Installed } from './installed.js';
import type { Store } from './store.js';

const asCandidate = (i: Installed) => ({ name: i.name, stable: !isPrerelease(i.name) });

/** The installed release a spec resolves to (a line: its newest stable one), or a NOT_INSTALLED error. */
export function findInstalled(store: Store, spec: Spec): Installed {
  const installed = listInstalled(store);
  const hit = resolveSpec(spec, installed.map(asCandidate));
  if (!hit) {
    throw new GoswError('NOT_INSTALLED', `Go ${spec.input} is not installed`, {
      hint: installed.length
        ? `run: gosw install ${spec.input} (installed: ${installed.map((i) => i.name).join(', ')})`
        : `run: gosw install ${spec.input}`,
    });
  }
  return installed.find((i) => i.name === hit.name)!;
}

/** Every installed release a spec matches. */
export function matchInstalled(store: Store, spec: Spec): Installed[] {
  return listInstalled(store).filter((i) => matchesSpec(spec, asCandidate(i)));
}
