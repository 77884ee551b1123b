import { useId } from 'react';
import { FORMATS } from '../../../shared/mediaTypes';
import { BreakableText } from './BreakableText';
import { acceptValues, toggleMediaType, type AcceptSelection } from '../lib/acceptSelection';
import { MachineTextInput } from './MachineTextInput';

export interface AcceptPickerProps {
  value: AcceptSelection;
  onChange: (next: AcceptSelection) => void;
}

/** One checkbox per manifest media type (named exactly by it), "No Accept header", a custom value. */
export function AcceptPicker({ value, onChange }: AcceptPickerProps) {
  const id = useId();
  const sent = acceptValues(value);
  return (
    <fieldset className="accept-picker">
      <legend>Accept</legend>
      <ul className="accept-list">
        {FORMATS.map((format) => {
          const inputId = `${id}-${format.id}`;
          return (
            <li key={format.id}>
              <input
                id={inputId}
                type="checkbox"
                checked={value.mediaTypes.has(format.mediaType)}
                disabled={value.noAccept}
                aria-describedby={`${inputId}-title`}
                onChange={(e) => onChange(toggleMediaType(value, format.mediaType, e.target.checked))}
              />
              <label htmlFor={inputId} className="media-type">
                <BreakableText text={format.mediaType} />
              </label>
              <span id={`${inputId}-title`} className="format-title">
                {format.title}
              </span>
            </li>
          );
        })}
      </ul>
      <label className="check-row">
        <input type="checkbox" checked={value.noAccept} onChange={(e) => onChange({ ...value, noAccept: e.target.checked })} />
        No Accept header
      </label>
      <label className="field">
        <span>Custom Accept</span>
        <MachineTextInput
          value={value.custom}
          disabled={value.noAccept}
          placeholder="e.g. application/vnd.oci.image.manifest.v1+json;q=0.5"
          onValue={(v) => onChange({ ...value, custom: v })}
        />
      </label>
      <div className="accept-preview" aria-live="polite">
        {sent.length === 0 ? (
          'No Accept header will be sent.'
        ) : (
          <>
            Accept:
            {sent.map((value, i) => (
              <span key={value} className="accept-value">
                <BreakableText text={value} />
                {i < sent.length - 1 && ','}
              </span>
            ))}
          </>
        )}
      </div>
    </fieldset>
  );
}
