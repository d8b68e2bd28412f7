import type { ProvenanceVerdict } from '@/utils/contract';
import { VERDICT_DISPLAY } from '@/utils/provenance/verdict-display';

/** The verdict's own shape (decorative: the words beside it say the same). */
export function VerdictIcon({ verdict, size = 14 }: { verdict: ProvenanceVerdict; size?: number }) {
  const icon = VERDICT_DISPLAY[verdict].icon;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      className="verdict-icon"
      data-icon={icon}
    >
      {icon === 'sparkle' && (
        <path d="M8 0.5 9.9 6.1 15.5 8 9.9 9.9 8 15.5 6.1 9.9 0.5 8 6.1 6.1Z" fill="currentColor" />
      )}
      {icon === 'half-sparkle' && (
        <>
          <path
            d="M8 0.5 9.9 6.1 15.5 8 9.9 9.9 8 15.5 6.1 9.9 0.5 8 6.1 6.1Z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.3"
            strokeLinejoin="round"
          />
          <path d="M8 0.5 6.1 6.1 0.5 8 6.1 9.9 8 15.5Z" fill="currentColor" />
        </>
      )}
      {icon === 'camera' && (
        <>
          <path
            d="M1.5 4.5h3l1.2-2h4.6l1.2 2h3v9h-13Z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.3"
            strokeLinejoin="round"
          />
          <circle cx="8" cy="8.8" r="2.6" fill="none" stroke="currentColor" strokeWidth="1.3" />
        </>
      )}
      {icon === 'question' && (
        <>
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.3" />
          <path
            d="M5.9 6.1a2.1 2.1 0 1 1 3 1.9c-.6.3-.9.7-.9 1.3v.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.3"
            strokeLinecap="round"
          />
          <circle cx="8" cy="11.9" r=".9" fill="currentColor" />
        </>
      )}
    </svg>
  );
}
