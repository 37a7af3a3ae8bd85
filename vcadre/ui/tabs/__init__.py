"""The main window's tabs, one module each: overview, talent, training, dispatch, posts."""
