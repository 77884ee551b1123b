import type { ComponentProps } from 'react';

type Props = Omit<ComponentProps<'input'>, 'type' | 'onChange' | 'spellCheck' | 'autoComplete' | 'autoCapitalize'> & {
  onValue: (value: string) => void;
};

/**
 * A one-line field for text a machine reads (references, hosts, media types, URLs): monospace, and never
 * spell-checked, completed or capitalised by the browser, which would change what is sent.
 */
export function MachineTextInput({ className, onValue, ...rest }: Props) {
  return (
    <input
      type="text"
      className={className ? `mono ${className}` : 'mono'}
      spellCheck={false}
      autoComplete="off"
      autoCapitalize="off"
      onChange={(e) => onValue(e.target.value)}
      {...rest}
    />
  );
}
