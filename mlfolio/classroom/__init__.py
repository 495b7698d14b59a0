"""Course tooling for instructors: cohort presets, batch creation from a roster, and
grading against each project's rubric (docs/bootcamps.md)."""
