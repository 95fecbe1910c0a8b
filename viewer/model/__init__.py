"""The anatomy model: annotations, structures, selection and search.

Nothing here imports Qt or VTK, so all of it runs and is tested in plain Python.
"""
