import type { FormatId } from '../../../shared/mediaTypes';
import { useExportFormat } from '../api/exportCalls';
import { SaveOutcome } from './SaveOutcome';

/** Saves one format's exact bytes (and a config the conversion created, beside it). */
export function ExportFormatButton({ source, format, title, platform }: { source: string; format: FormatId; title: string; platform?: string }) {
  const save = useExportFormat();
  const saved = save.data
    ? `Saved to ${save.data.manifest.path}${save.data.config ? `, its new config to ${save.data.config.path}` : ''}.`
    : null;
  return (
    <div className="export-format">
      <button type="button" className="small" disabled={save.isPending} aria-label={`Export ${title}`} onClick={() => save.mutate({ source, format, platform })}>
        {save.isPending ? 'Saving…' : 'Export'}
      </button>
      <SaveOutcome saved={saved} error={save.error} />
    </div>
  );
}
