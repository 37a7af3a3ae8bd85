"""The team-structure report in the window (概览 → 班子结构分析…): ``dialog.StructureDialog``."""
