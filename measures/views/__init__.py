"""Views of the measures app, one module per step: measures, ranking, planning."""
