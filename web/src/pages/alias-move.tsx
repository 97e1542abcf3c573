/**
 * Moving an alias from the browser (a write: it needs the signed-in token). The form names the
 * alias, the version and a reason; a confirmation dialog shows what the alias points to now and
 * which of this server's deployments serve it, before anything is sent. A 401 (no or wrong token)
 * is shown in the page and changes nothing: the server refuses the write before reading it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AliasMoveResponse, DeploymentsResponse, ModelDetail } from '../../../src/server/api/schemas';
import { ApiError, request } from '../api';
import { useSignedIn } from '../components/sign-in';
import { ErrorBox } from '../components/status';

/** What serves `name@alias` on this server now, as sentences. */
export function servedBy(
  deployments: DeploymentsResponse | undefined,
  name: string,
  alias: string,
): string[] {
  if (!deployments) return ['(could not ask the server what it serves)'];
  if (!deployments.serving) return ['This server serves no models.'];
  const out: string[] = [];
  for (const d of deployments.deployments) {
    if (d.name !== name) continue;
    for (const r of d.routes) {
      if (r.alias === alias || d.model === `${name}@${alias}`) {
        out.push(
          `${d.model}: version ${r.version}, ${Math.round(r.weight * 100)}% of traffic, ${d.replicas} replica${d.replicas === 1 ? '' : 's'}`,
        );
      }
    }
  }
  return out.length > 0 ? out : [`No deployment of this server serves ${name}@${alias}.`];
}

/** The move-an-alias form of a model page. */
export function AliasMove({ model, onMoved }: { model: ModelDetail; onMoved: () => void }) {
  const signedIn = useSignedIn();
  const existing = model.aliases.map((a) => a.alias);
  const [alias, setAlias] = useState(existing[0] ?? 'production');
  const [version, setVersion] = useState(String(model.versions[0]?.version ?? ''));
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<{ current: string; served: string[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<AliasMoveResponse>();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (confirming && d && !d.open) d.showModal();
    if (!confirming && d?.open) d.close();
  }, [confirming]);
  const current = model.aliases.find((a) => a.alias === alias);
  const ask = async () => {
    setError(undefined);
    setDone(undefined);
    let deployments: DeploymentsResponse | undefined;
    try {
      deployments = await request<DeploymentsResponse>('/deployments');
    } catch {
      deployments = undefined;
    }
    setConfirming({
      current: current ? `version ${current.version}` : 'no version (a new alias)',
      served: servedBy(deployments, model.name, alias),
    });
  };
  const send = async () => {
    setBusy(true);
    try {
      const r = await request<AliasMoveResponse>(
        `/models/${encodeURIComponent(model.name)}/aliases/${encodeURIComponent(alias)}`,
        { method: 'POST', body: { version: Number(version), reason: reason.trim() } },
      );
      setDone(r);
      setReason('');
      onMoved();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String((e as Error).message)));
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  };
  return (
    <section class="card" aria-labelledby="move-alias">
      <h3 id="move-alias">Move an alias</h3>
      {!signedIn ? (
        <p class="warn">Moving an alias is a write: sign in with the server's token first (top right).</p>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <div class="toolbar">
          <div class="field">
            <label for="alias-name">Alias</label>
            <input
              id="alias-name"
              type="text"
              list="alias-names"
              required
              value={alias}
              onInput={(e) => setAlias(e.currentTarget.value.trim())}
            />
            <datalist id="alias-names">
              {existing.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </div>
          <div class="field">
            <label for="alias-version">To version</label>
            <select id="alias-version" value={version} onChange={(e) => setVersion(e.currentTarget.value)}>
              {model.versions.map((v) => (
                <option key={v.version} value={String(v.version)}>
                  {v.version}
                  {v.aliases.length > 0 ? ` (@${v.aliases.join(', @')})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="alias-reason">Reason</label>
            <input
              id="alias-reason"
              type="text"
              required
              maxLength={2000}
              size={40}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          <button
            type="submit"
            class="primary"
            disabled={alias === '' || version === '' || reason.trim() === ''}
          >
            Move alias…
          </button>
        </div>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {error?.status === 401 ? <p class="bad">Nothing was changed.</p> : null}
      {done ? (
        <p class="ok" role="status">
          @{done.alias} of {done.name} moved from {done.from === null ? 'nowhere' : `version ${done.from}`} to
          version {done.to} (reason recorded: “{done.reason}”).
        </p>
      ) : null}
      <dialog ref={dialog} aria-labelledby="confirm-title" onClose={() => setConfirming(undefined)}>
        {confirming ? (
          <>
            <h2 id="confirm-title">
              Move {model.name}@{alias} to version {version}?
            </h2>
            <p>It points to {confirming.current} now.</p>
            <p>What serves it now:</p>
            <ul>
              {confirming.served.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
            <p>
              Reason: <q>{reason}</q>
            </p>
            <div class="row">
              <button type="button" class="danger" disabled={busy} onClick={() => void send()}>
                Move the alias
              </button>
              <button type="button" onClick={() => setConfirming(undefined)} autofocus>
                Cancel
              </button>
            </div>
          </>
        ) : null}
      </dialog>
    </section>
  );
}
