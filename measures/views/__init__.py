"""Views of the measures app, one module per step: measures, ranking, planning; and process
(copying a whole strategy process)."""
