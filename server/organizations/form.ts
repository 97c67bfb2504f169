/**
 * The organization form shared by creation and edition: parse, resolve the commune, check the GEs,
 * and build what the template needs to show the form again.
 */
import type { Db } from '../../db/client';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import { type FieldErrors, type FormValues, formValues, parseForm } from '../common/forms';
import { KIND_LABELS } from '../common/labels';
import { type Commune, communeLabel, resolveCommuneInput } from './communes';
import { organizationSchema } from './schemas';
import { listValidatedGes, type Organization, type OrganizationData } from './service';

export const KIND_OPTIONS = ORGANIZATION_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));

export interface FormView {
  values: FormValues;
  errors: FieldErrors;
  communeChoices: Commune[];
  kindOptions: typeof KIND_OPTIONS;
  geOptions: { value: string; label: string }[];
}

export async function formView(
  db: Db,
  form: { values?: FormValues; errors?: FieldErrors; communeChoices?: Commune[] },
  exceptId?: number,
): Promise<FormView> {
  const ges = await listValidatedGes(db, exceptId);
  return {
    values: form.values ?? {},
    errors: form.errors ?? {},
    communeChoices: form.communeChoices ?? [],
    kindOptions: KIND_OPTIONS,
    geOptions: ges.map((g) => ({ value: String(g.id), label: `${g.name} (${g.communeName})` })),
  };
}

export type ParsedForm =
  | { ok: true; data: OrganizationData }
  | { ok: false; values: FormValues; errors: FieldErrors; communeChoices: Commune[] };

export async function parseOrganizationForm(db: Db, body: unknown, exceptId?: number): Promise<ParsedForm> {
  const values = formValues(body);
  const parsed = parseForm(organizationSchema, body);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const raw = parsed.ok ? parsed.data : undefined;
  const text = typeof values.commune === 'string' ? values.commune : '';
  const code = typeof values.communeCode === 'string' ? values.communeCode : undefined;

  let commune: Commune | undefined;
  let communeChoices: Commune[] = [];
  if (!errors.communeCode) {
    const resolution = resolveCommuneInput(text, code);
    if (resolution.kind === 'one') {
      commune = resolution.commune;
    } else if (resolution.kind === 'several') {
      communeChoices = resolution.candidates;
      errors.commune = `Commune : plusieurs communes correspondent à « ${text.trim()} ». Choisissez la vôtre dans la liste.`;
    } else if (resolution.kind === 'none') {
      errors.commune = 'Commune inconnue : vérifiez l’orthographe ou tapez le code postal.';
    } else {
      errors.commune = 'Commune : champ obligatoire.';
    }
  } else {
    errors.commune = errors.communeCode;
    delete errors.communeCode;
  }

  if (raw?.geIds.length) {
    const allowed = new Set((await listValidatedGes(db, exceptId)).map((g) => g.id));
    if (raw.geIds.some((id) => !allowed.has(id))) errors.geIds = 'Groupements : choix invalide.';
  }

  if (!raw || !commune || Object.keys(errors).length) {
    if (commune) {
      // Keep the resolved commune picked, so the person does not have to choose it again.
      values.commune = communeLabel(commune);
      values.communeCode = commune.code;
      communeChoices = [commune];
    }
    return { ok: false, values, errors, communeChoices };
  }
  return {
    ok: true,
    data: {
      name: raw.name,
      siret: raw.siret,
      kind: raw.kind,
      commune,
      idcc: raw.idcc,
      description: raw.description,
      geIds: raw.geIds,
    },
  };
}

/** The form's values for an existing organization. */
export function valuesOf(org: Organization, geIds: number[]): FormValues {
  return {
    name: org.name,
    siret: org.siret ?? '',
    kind: org.kind,
    commune: communeLabel({ name: org.communeName, departement: org.departement }),
    communeCode: org.communeCode,
    idcc: org.idcc ?? '',
    description: org.description,
    geIds: geIds.map(String),
    version: String(org.version),
  };
}
