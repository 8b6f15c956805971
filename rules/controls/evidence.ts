// What an auditor needs instead of infrastructure code, for the safeguards and controls that no IaC can
// evidence. Shown in the coverage report next to "not addressable by IaC".

/** Evidence outside the code, per control id (HIPAA citations and ISO/IEC 27017 / 27002 ids). */
export const EVIDENCE_OUTSIDE_IAC: Readonly<Record<string, string>> = {
  '164.308(a)(1)(ii)(A)': 'A documented, current risk analysis of threats to ePHI (report, scope, date, sign-off).',
  '164.308(a)(1)(ii)(C)': 'A written sanction policy for workforce members who violate security policies, and records of its application.',
  '164.308(a)(2)': 'A named security official with documented responsibilities (appointment letter or policy).',
  '164.308(a)(3)(ii)(B)': 'Workforce clearance procedures: background-check and role-approval records.',
  '164.308(a)(3)(ii)(C)': 'Termination procedures: off-boarding checklists and access-revocation records.',
  '164.308(a)(5)(i)': 'A security awareness and training program: curriculum and attendance records.',
  '164.308(a)(5)(ii)(A)': 'Periodic security reminders sent to the workforce (copies, dates, recipients).',
  '164.308(a)(7)(ii)(D)': 'Contingency plan test records: restore drills, results and follow-up actions.',
  '164.308(b)(1)': 'Signed business associate agreements (BAAs) with every cloud and service vendor handling ePHI.',
  '164.310(a)(1)': 'Facility access controls: for cloud facilities, the provider\'s attestation (SOC 2, HITRUST) under the BAA.',
  '164.310(a)(2)(i)': 'Facility contingency operations procedures (or the cloud provider\'s attestation).',
  '164.310(a)(2)(ii)': 'A facility security plan (or the cloud provider\'s attestation).',
  '164.310(a)(2)(iii)': 'Facility access control and validation procedures, visitor logs (or the provider\'s attestation).',
  '164.310(a)(2)(iv)': 'Maintenance records of repairs to physical security components (or the provider\'s attestation).',
  '164.310(b)': 'A workstation use policy covering devices that access ePHI.',
  '164.310(c)': 'Workstation security safeguards: endpoint management and physical security records.',
  '164.310(d)(2)(ii)': 'Media re-use procedures: sanitisation records for devices and media.',
  '164.310(d)(2)(iii)': 'A record of movements of hardware and electronic media and the person responsible.',
  '164.314(a)(1)': 'Business associate contracts or other arrangements meeting 164.314(a)(2).',
  '164.314(b)(1)': 'Group health plan documents that require the plan sponsor to safeguard ePHI.',
  '164.316(a)': 'Written security policies and procedures (version-controlled IaC is supporting evidence).',
  '164.316(b)(1)': 'Documentation of policies, actions and assessments, kept in written or electronic form.',
  '164.316(b)(2)(i)': 'Retention of the required documentation for six years from creation or last effective date.',
  '164.316(b)(2)(ii)': 'Documentation made available to those responsible for implementing the procedures.',
  '164.316(b)(2)(iii)': 'Periodic review and update records of the documentation.',
  'CLD.6.3.1': 'A documented shared-responsibility matrix agreed with the cloud provider.',
  'CLD.8.1.5': 'Contract terms and procedures for the return or removal of assets at the end of the agreement.',
};

/** What to tell an auditor when no rule of this version evaluates a control. */
export const DEFAULT_EVIDENCE = 'No rule of this version evaluates this control from infrastructure code; provide process or runtime evidence.';
