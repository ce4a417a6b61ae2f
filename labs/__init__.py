"""The course's labs: one Panel app per lab, each built from the shared lab kit."""
