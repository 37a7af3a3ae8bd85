"""The window's side of accounts: login, first administrator and recovery key, change password,
user management, idle lock, audit view (``menu.install`` puts them on the main window).

The roles are enforced in the services and the store; the GUI only hides what a role cannot use.
"""
