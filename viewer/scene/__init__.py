"""The 3D scene: meshes as PyVista actors, highlight styles, picking and cameras.

Works on any PyVista plotter (the window's embedded view or an off-screen
one for exports) and imports no widgets.
"""
