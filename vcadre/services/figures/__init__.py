"""Reported figures (统计口径): the one definition of "live on day D" (``live``) that stats,
alerts, rates, rosters and the dashboard share."""
