"""vcadre — 村干部档案管理: village cadre records for a county organization department."""

__version__ = "0.1.0"
