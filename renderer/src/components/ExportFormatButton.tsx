import type { FormatId } from '../../../shared/mediaTypes';
import { useExportFormat } from '../api/exportCalls';
import { SaveOutcome } from './SaveOutcome';

export interface ExportFormatButtonProps {
  source: string;
  format: FormatId;
  title: string;
  /** The bytes on screen (and a config the conversion created), saved exactly as shown. */
  document: { bytesBase64: string; configBase64?: string };
}

/** Saves one pane's exact bytes, and a config the conversion created beside them. */
export function ExportFormatButton({ source, format, title, document }: ExportFormatButtonProps) {
  const save = useExportFormat();
  const saved = save.data
    ? `Saved to ${save.data.manifest.path}${save.data.config ? `, its new config to ${save.data.config.path}` : ''}.`
    : null;
  return (
    <div className="export-format">
      <button
        type="button"
        className="small"
        disabled={save.isPending}
        aria-label={`Export ${title}`}
        onClick={() => save.mutate({ source, format, document })}
      >
        {save.isPending ? 'Saving…' : 'Export'}
      </button>
      <SaveOutcome saved={saved} error={save.error} />
    </div>
  );
}
