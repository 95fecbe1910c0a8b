"""Exports: pictures, printable handouts and 3D scene files, written safely.

Sits above the scene (it renders through it) and below the widgets: it may
use Qt's painting and PDF classes but no widgets, so the command line can
export on a server with no display.
"""
