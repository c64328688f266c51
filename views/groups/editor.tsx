/*
 * The condition editor: nested fieldsets of rows. Every button is a real submit button
 * (the server adds or removes the row and shows the form again); with htmx the same
 * buttons, and a change of field or operator, swap just this editor.
 */
import type { FieldErrors } from '../components/form';
import { FIELDS, isOperator, OPERATOR_LABELS, VALUELESS, type FieldDef } from '../../src/groups/fields';
import { isDraftGroup, type DraftCondition, type DraftGroup } from '../../src/groups/form';
import { formatForInput } from '../../src/format/numbers';

/** fields: the catalogue offered (Document Groups' by default; Approvals adds a few of its own). */
type Catalogue = Readonly<Record<string, FieldDef>>;
type Props = { tree: DraftGroup; errors?: FieldErrors; editorUrl: string; fields?: Catalogue };

export function ConditionEditor({ tree, errors, editorUrl, fields }: Props) {
  return (
    <div id="condition-editor" class="condition-editor">
      <GroupBox path="r" group={tree} errors={errors} editorUrl={editorUrl} depth={1} fields={fields ?? FIELDS} />
    </div>
  );
}

/** Fields whose value box offers the known values (a <datalist> on the page, src/groups/known-values.ts). */
const KNOWN = new Set(['company', 'supplier', 'currency']);

// Editor requests queue behind each other, so a later change is never overwritten by an earlier answer.
const htmxSwap = (url: string) => ({ 'hx-post': url, 'hx-target': '#condition-editor', 'hx-swap': 'outerHTML', 'hx-sync': '#group-form:queue all' });

function GroupBox({ path, group, errors, editorUrl, depth, fields }: { path: string; group: DraftGroup; errors?: FieldErrors; editorUrl: string; depth: number; fields: Catalogue }) {
  const joinLabel = group.join === 'or' ? 'Or' : 'And';
  const error = errors?.[path];
  return (
    <fieldset class={depth === 1 ? 'cond-group top' : 'cond-group nested'} data-path={path}>
      <legend>{depth === 1 ? 'Conditions' : 'And/Or group'}</legend>
      <div class="cond-join">
        <label for={`${path}-join`}>Join these conditions with</label>
        <select id={`${path}-join`} name={`${path}.join`} {...htmxSwap(editorUrl)} hx-trigger="change">
          <option value="and" selected={group.join !== 'or'}>And</option>
          <option value="or" selected={group.join === 'or'}>Or</option>
        </select>
      </div>
      {group.children.map((child, i) => {
        const childPath = `${path}.${i}`;
        return (
          <>
            {i > 0 && <p class="connector">{joinLabel}</p>}
            {isDraftGroup(child) ? (
              <GroupBox path={childPath} group={child} errors={errors} editorUrl={editorUrl} depth={depth + 1} fields={fields} />
            ) : (
              <ConditionRow path={childPath} condition={child} error={errors?.[childPath]} editorUrl={editorUrl} fields={fields} />
            )}
          </>
        );
      })}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="cond-actions">
        <button type="submit" name="action" value={`add-condition:${path}`} formnovalidate {...htmxSwap(editorUrl)}>Condition</button>
        <button type="submit" name="action" value={`add-group:${path}`} formnovalidate {...htmxSwap(editorUrl)} title="Add a nested group with the other connector">And/Or</button>
        {depth > 1 && <button type="submit" name="action" value={`remove:${path}`} formnovalidate class="link" {...htmxSwap(editorUrl)}>Remove group</button>}
      </div>
    </fieldset>
  );
}

function ConditionRow({ path, condition, error, editorUrl, fields }: { path: string; condition: DraftCondition; error?: string; editorUrl: string; fields: Catalogue }) {
  const def = Object.hasOwn(fields, condition.field) ? fields[condition.field] : undefined;
  const operators = def ? [...def.operators] : [];
  if (isOperator(condition.op) && !operators.includes(condition.op)) operators.push(condition.op);
  const errorId = `${path}-error`;
  return (
    <div class={error ? 'cond-row has-error' : 'cond-row'} data-path={path}>
      <label>
        <span>Field</span>
        <select id={`${path}-field`} name={`${path}.field`} aria-invalid={error ? 'true' : undefined} {...htmxSwap(editorUrl)} hx-trigger="change">
          {!def && <option value="" selected>Choose…</option>}
          {Object.entries(fields).map(([key, field]) => <option value={key} selected={key === condition.field}>{field.label}</option>)}
        </select>
      </label>
      <label>
        <span>Operator</span>
        <select id={`${path}-op`} name={`${path}.op`} aria-invalid={error ? 'true' : undefined} {...htmxSwap(editorUrl)} hx-trigger="change">
          {operators.map((op) => <option value={op} selected={op === condition.op}>{OPERATOR_LABELS[op]}</option>)}
        </select>
      </label>
      <ValueInput path={path} condition={condition} def={def} invalid={Boolean(error)} describedBy={error ? errorId : undefined} />
      {def && <input type="hidden" name={`${path}.kind`} value={def.type} />}
      <button type="submit" name="action" value={`remove:${path}`} formnovalidate class="link" aria-label="Remove this condition" {...htmxSwap(editorUrl)}>Remove</button>
      {error && <p id={errorId} class="error" role="alert">{error}</p>}
    </div>
  );
}

function ValueInput({ path, condition, def, invalid, describedBy }: { path: string; condition: DraftCondition; def?: FieldDef; invalid: boolean; describedBy?: string }) {
  const common = { id: `${path}-value`, name: `${path}.value`, 'aria-invalid': invalid ? 'true' : undefined, 'aria-describedby': describedBy };
  if (isOperator(condition.op) && VALUELESS.has(condition.op)) return <input type="hidden" name={`${path}.value`} value="" />;
  if (def?.type === 'choice' && condition.op !== 'in_list') {
    return (
      <label>
        <span>Value</span>
        <select {...common}>
          {Object.entries(def.choices ?? {}).map(([value, label]) => <option value={value} selected={value.toLowerCase() === condition.value.toLowerCase()}>{label}</option>)}
        </select>
      </label>
    );
  }
  const list = condition.op === 'in_list';
  const type = def?.type === 'date' && !list ? 'date' : 'text';
  const placeholder = list ? 'A, B, C' : def?.type === 'amount' ? formatForInput('1250.00') : condition.op === 'starts_with' ? 'Acme, or a range such as A-I' : undefined;
  return (
    <label>
      <span>Value</span>
      <input {...common} type={type} value={condition.value} placeholder={placeholder} inputmode={def?.type === 'amount' && !list ? 'decimal' : undefined} autocomplete="off"
        list={!list && KNOWN.has(condition.field) ? `known-${condition.field}` : undefined} />
    </label>
  );
}
