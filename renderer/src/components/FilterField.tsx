import { MachineTextInput } from './MachineTextInput';

/** A one-line text filter over a list; what it matches is the caller's business. */
export function FilterField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label className="field inline">
      {label} <MachineTextInput value={value} onValue={onChange} />
    </label>
  );
}
