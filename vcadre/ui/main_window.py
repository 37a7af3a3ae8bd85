"""The main window: region tree on the left, the five tabs on the right, menus, status bar.

The window exists before its database: at start-up it is shown with ``show_opening(path)``
("Opening …" where the tabs go, database actions disabled) and ``set_database`` fills it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcadre import __version__
from vcadre.ui import messages, opening, settings as settings_mod
from vcadre.ui.region_tree import RegionTree
from vcadre.ui.settings import Settings

# The tabs import the data layer (SQLAlchemy), so they are imported in ``set_database``: the
# window can be shown first while ``vcadre.ui.preload`` loads them (see there).

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """One window over one open database at a time (``set_database`` swaps it)."""

    def __init__(self, settings: Settings, language: str = "zh_CN", parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._language = language
        self._english = language == "en"
        self.db: Any = None
        self._built: dict[str, QWidget] = {}  # the tabs built for the open database
        self.setWindowTitle(self.tr("Village Cadre Records"))
        self.resize(1280, 800)

        self.region_tree = RegionTree(self)
        self.region_tree.setObjectName("regionTree")
        self.region_tree.regionChanged.connect(self._on_region)
        self.region_tree.setMinimumWidth(160)
        self.all_label = QLabel(self.tr("Regions"), self)
        left = QWidget(self)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(8, 8, 0, 8)
        left_lay.addWidget(self.all_label)
        left_lay.addWidget(self.region_tree, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tab)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 1050])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.db_label = QLabel(self)
        self.count_label = QLabel(self)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)

        self._make_menus()
        self._restore_state()

    # ------------------------------------------------------------------ menus

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_db_action = file_menu.addAction(self.tr("&New database…"), self.new_database)
        self.open_db_action = file_menu.addAction(self.tr("&Open database…"), self.open_database_dialog)
        self.open_db_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.server_action = file_menu.addAction(self.tr("Connect to office &server…"), self.connect_server)
        self.server_action.setObjectName("connect_server")
        self.recent_menu = QMenu(self.tr("Open &recent"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addMenu(self.recent_menu)
        self.demo_db_action = file_menu.addAction(self.tr("New &demo database…"), self.new_demo_database)
        self.site_name_action = file_menu.addAction(self.tr("O&ffice name…"), self.edit_site_name)
        file_menu.addSeparator()
        self.import_action = file_menu.addAction(self.tr("&Import from Excel…"), self.import_records)
        self.import_action.setObjectName("import_records")
        self.import_regions_action = file_menu.addAction(self.tr("Import re&gions…"), self.import_regions)
        self.import_photos_action = file_menu.addAction(self.tr("Import p&hotos…"), self.import_photos)
        file_menu.addSeparator()
        self._sync_actions: Any = None
        self.sync_menu = QMenu(self.tr("S&ync"), self)  # 文件 → 同步
        file_menu.addMenu(self.sync_menu)
        sync_menu = self.sync_menu
        self.export_sync_action = sync_menu.addAction(self.tr("E&xport sync package…"),
                                                      lambda: self.sync_actions.export_package())
        self.import_sync_action = sync_menu.addAction(self.tr("Import s&ync package…"),
                                                      lambda: self.sync_actions.import_package())
        self.conflicts_action = sync_menu.addAction(self.tr("Sync &conflicts…"),
                                                    lambda: self.sync_actions.show_conflicts())
        self.undo_import_action = sync_menu.addAction(self.tr("&Undo last import…"),
                                                      lambda: self.sync_actions.undo_import())
        sync_menu.addSeparator()
        self.sync_sites_action = sync_menu.addAction(self.tr("&Sites and key fingerprints…"),
                                                     lambda: self.sync_actions.show_sites())
        self.join_action = sync_menu.addAction(self.tr("Apply to &join…"), lambda: self.sync_actions.join())
        self.enroll_action = sync_menu.addAction(self.tr("&Enroll a new site…"), lambda: self.sync_actions.enroll())
        self.revoke_action = sync_menu.addAction(self.tr("&Revoke a site…"), lambda: self.sync_actions.revoke())
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        from vcadre.ui.undo import UndoActions

        self.undo_actions = UndoActions(self)  # 编辑: 撤销, 重做, 回收站
        bar.addMenu(self.undo_actions.menu)

        from vcadre.ui.security.menu import SecurityMenu

        self.security = SecurityMenu(self, self._settings)  # 账户 menu, 文件 → 备份到…
        help_menu = bar.addMenu(self.tr("&Help"))
        lang_menu = help_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("zh_CN", "中文（简体）"), ("en", "English")):
            act = lang_menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(code == self._settings.language)
            act.setData(code)
            group.addAction(act)
            act.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_actions[code] = act
        help_menu.addSeparator()
        self.about_action = help_menu.addAction(self.tr("&About vcadre…"), self.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    @property
    def sync_actions(self) -> Any:
        """The sync menu's dialogs (``SyncActions``), made on first use."""
        if self._sync_actions is None:
            from vcadre.ui.sync_dialogs import SyncActions

            self._sync_actions = SyncActions(self)
        return self._sync_actions

    def _database_actions(self) -> list[QAction]:
        return [self.new_db_action, self.open_db_action, self.demo_db_action, self.site_name_action, self.import_action,
                self.import_regions_action, self.import_photos_action, self.export_sync_action,
                self.import_sync_action, self.conflicts_action,
                self.undo_import_action, self.sync_sites_action, self.join_action, self.enroll_action,
                self.revoke_action, self.recent_menu.menuAction(), *self.undo_actions.actions()]

    def show_opening(self, path: Path) -> None:
        """While a database opens on a worker: a notice where the tabs go, its actions disabled."""
        self._clear_tabs()
        notice = QLabel(self.tr("Opening {name} …").format(name=Path(path).name), self.tabs)
        notice.setObjectName("openingNotice")
        notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs.blockSignals(True)
        self.tabs.addTab(notice, self.tr("Overview"))
        self.tabs.blockSignals(False)
        for action in self._database_actions():
            action.setEnabled(False)
        self.db_label.setText(self.tr("Database: {path}").format(path=path))
        self.setWindowTitle(self.tr("Village Cadre Records — {name}").format(name=Path(path).name))

    def _clear_tabs(self) -> None:
        self.tabs.blockSignals(True)
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()
        self.tabs.blockSignals(False)

    @Slot()
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._settings.recent_databases()
        if not recent:
            act = self.recent_menu.addAction(self.tr("(none)"))
            act.setEnabled(False)
            return
        for path in recent:
            act = self.recent_menu.addAction(str(path))
            act.setEnabled(path.exists())
            act.triggered.connect(lambda _checked=False, p=path: self.open_path(p))

    # ------------------------------------------------------------------ database

    #: The tabs, in order: attribute name → (module, class). Only the shown tab is built when a
    #: database opens; the others are built the first time they are shown or asked for, so the
    #: window fills sooner (see ``_build_tab``).
    TABS = {
        "overview": ("vcadre.ui.tabs.overview", "OverviewTab"),
        "talent": ("vcadre.ui.tabs.talent", "TalentTab"),
        "training": ("vcadre.ui.tabs.training", "TrainingTab"),
        "dispatch": ("vcadre.ui.tabs.dispatch", "DispatchTab"),
        "posts": ("vcadre.ui.tabs.posts", "PostsTab"),
    }

    def _tab_titles(self) -> list[str]:
        return [self.tr("Overview"), self.tr("Reserve cadres"), self.tr("Training"),
                self.tr("Village postings"), self.tr("One shoulder")]

    def set_database(self, db: Any) -> None:
        """Show ``db`` (closing the one shown before)."""
        old = self.db
        self.db = db
        self.security.database_changed(db)
        current = self.tabs.currentIndex() if old is not None else 0  # not the opening notice's
        self._clear_tabs()
        self._built = {}
        for action in self._database_actions():
            action.setEnabled(True)
        self.tabs.blockSignals(True)
        for key, title in zip(self.TABS, self._tab_titles()):
            placeholder = QWidget(self.tabs)
            placeholder.setObjectName(f"{key}Placeholder")
            self.tabs.addTab(placeholder, title)
        self.tabs.setTabToolTip(4, self.tr("Villages whose Party secretary is also the committee director"))
        self.tabs.setCurrentIndex(current if 0 <= current < self.tabs.count() else 0)
        self.tabs.blockSignals(False)
        self.region_tree.set_database(db)
        self.undo_actions.set_database(db)
        self._on_tab(self.tabs.currentIndex())
        if old is not None and old is not db:
            old.close()
        if not db.is_server:  # a server is remembered by its form (host, database, user), not a file
            self._settings.remember_database(Path(db.path))
        self._update_db_label()

    def _build_tab(self, key: str) -> QWidget:
        """The tab ``key`` for the open database, built in place of its placeholder if need be."""
        tab = self._built.get(key)
        if tab is not None:
            return tab
        if self.db is None:
            raise RuntimeError(f"the {key} tab exists only while a database is open")
        import importlib

        module, name = self.TABS[key]
        cls = getattr(importlib.import_module(module), name)
        kwargs = {"settings": self._settings} if key in ("overview", "dispatch") else {}
        tab = cls(self.db, self._english, self, **kwargs)
        self._built[key] = tab
        index = list(self.TABS).index(key)
        placeholder = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, self._tab_titles()[index])
        if index == 4:
            self.tabs.setTabToolTip(4, self.tr("Villages whose Party secretary is also the committee director"))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        if key == "overview":
            tab.drillDown.connect(self.drill_down)
        elif hasattr(tab, "totalChanged"):
            tab.totalChanged.connect(self._update_counts)
        return tab

    @property
    def overview(self) -> Any:
        return self._build_tab("overview")

    @property
    def talent(self) -> Any:
        return self._build_tab("talent")

    @property
    def training(self) -> Any:
        return self._build_tab("training")

    @property
    def dispatch(self) -> Any:
        return self._build_tab("dispatch")

    @property
    def posts(self) -> Any:
        return self._build_tab("posts")

    def list_tabs(self) -> list[Any]:
        """The tabs that are lists (``ListTab``), in tab order.

        Builds every tab that was not built yet: for tests and whole-window operations, not for
        code that runs on every change (it would undo the lazy building).
        """
        from vcadre.ui.tabs.base import ListTab

        tabs = [self._build_tab(key) for key in self.TABS] if self.db is not None else []
        return [t for t in tabs if isinstance(t, ListTab)]

    def current_tab(self) -> QWidget:
        return self.tabs.currentWidget()

    def _update_db_label(self) -> None:
        if self.db is None:
            self.db_label.setText("")
            return
        try:
            _site_id, site = self.db.site()
        except Exception:  # noqa: BLE001 - the label is cosmetic
            site = ""
        text = self.tr("Database: {path}").format(path=self.db.location)
        if site:
            text += "　" + self.tr("Site: {site}").format(site=site)
        self.db_label.setText(text)
        self.setWindowTitle(self.tr("Village Cadre Records — {name}").format(
            name=self.db.location.rsplit("/", 1)[-1] if self.db.is_server else Path(self.db.path).name))

    @Slot()
    def _update_counts(self, _total: int = 0) -> None:
        tab = self.current_tab()
        if self.db is not None and hasattr(tab, "totalChanged") and tab.model.is_loaded():
            self.count_label.setText(self.tr("{tab}: {n} records").format(
                tab=self.tabs.tabText(self.tabs.currentIndex()), n=tab.model.total_text()))
        else:
            self.count_label.setText("")

    def open_path(self, path: Path) -> bool:
        db = opening.try_open(self, Path(path))
        if db is None:
            return False
        self.set_database(db)
        return True

    @Slot()
    def open_database_dialog(self) -> None:
        path = opening.ask_open_path(self, Path(self.db.path).parent if self.db else None)
        if path is not None:
            self.open_path(path)

    @Slot()
    def connect_server(self) -> bool:
        """文件 → 连接到单位服务器…: the office's database on a PostgreSQL server."""
        from vcadre.ui.server_connect import ServerConnectDialog

        db = ServerConnectDialog.ask(self)
        if db is None:
            return False
        self.set_database(db)
        return True

    @Slot()
    def new_database(self) -> None:
        path = opening.ask_new_path(self)
        if path is None:
            return
        db = opening.create_new(self, path)
        if db is not None:
            self.set_database(db)
            self.offer_region_import()

    @Slot()
    def edit_site_name(self) -> bool:
        """文件 → 本单位名称…; True if renamed."""
        from vcadre.ui.site_name import SiteNameDialog

        if self.db is None:
            return False
        self.site_dialog = SiteNameDialog(self.db, self)
        renamed = self.site_dialog.exec() == QDialog.DialogCode.Accepted
        if renamed:
            self._update_db_label()
        return renamed

    def offer_region_import(self) -> None:
        """A real county starts empty: its townships and villages come first."""
        if messages.confirm(self, self.tr(
                "The new database has no townships or villages yet. Import them now from a "
                "spreadsheet (code, name, parent code)?")):
            self.import_regions()

    @Slot()
    def import_records(self, kind: Optional[str] = None, path: Optional[Path] = None) -> Any:
        """文件 → 导入…: the import wizard for any kind (regions, posts, reserve, dispatch, training,
        review); after an import the tree and every tab are reloaded."""
        from vcadre.ui.imports.wizard import open_wizard

        if self.db is None:
            return None
        self.import_dialog = open_wizard(self, self.db, kind, path, on_done=lambda: self.set_database(self.db))
        return self.import_dialog

    @Slot()
    def import_regions(self) -> None:
        """Import regions: choose the file, then the wizard's column step."""
        from vcadre.ui import regions_import

        if self.db is None:
            return
        path = regions_import.ask_file(self)
        if path is not None:
            self.import_records("regions", path)

    @Slot()
    def import_photos(self) -> None:
        """批量导入照片 (vcadre.ui.documents, issue 18)."""
        from PySide6.QtWidgets import QDialog

        from vcadre.services.errors import ValidationError
        from vcadre.ui.documents.person_docs import PhotoFolderDialog

        if self.db is None:
            return
        folder = PhotoFolderDialog.ask_folder(self)
        if folder is None:
            return
        try:
            dlg = PhotoFolderDialog(self.db, folder, self)
        except ValidationError as exc:
            messages.error(self, str(exc))
            return
        if dlg.exec() == QDialog.DialogCode.Accepted:
            messages.info(self, self.tr("{n} photos imported.").format(n=dlg.imported))

    @Slot()
    def new_demo_database(self) -> None:
        path = opening.ask_new_path(self)
        if path is None:
            return

        def done(db: Any) -> None:
            if db is not None:
                self.set_database(db)

        opening.build_demo_database(self, path, done)

    # ------------------------------------------------------------------ region and tabs

    @Slot(object)
    def _on_region(self, region_id: Optional[str]) -> None:
        tab = self.current_tab()
        if tab is not None and hasattr(tab, "set_region"):
            tab.set_region(region_id)

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        if self.db is not None and 0 <= index < len(self.TABS):
            self._build_tab(list(self.TABS)[index])
        tab = self.current_tab()
        if tab is not None and hasattr(tab, "set_region"):
            tab.set_region(self.region_tree.current_region())
        self._update_counts()

    @Slot(str)
    def drill_down(self, key: str) -> None:
        """A dashboard bar was clicked: show the list it counts (``"source:veteran"`` etc.)."""
        what, _, value = key.partition(":")
        if what in ("source", "stage"):
            self.talent.show_filtered({what: value})
            self.tabs.setCurrentWidget(self.talent)
        elif what == "township":
            self.tabs.setCurrentWidget(self.posts)
            model = self.region_tree.model()
            for row in range(model.rowCount()):  # townships load lazily under the county
                top = model.index(row, 0)
                if model.canFetchMore(top):
                    model.fetchMore(top)
                self.region_tree.expand(top)
            self.region_tree.select_region(value)
        elif what == "year":
            self.training.show_filtered({"year": int(value)})
            self.tabs.setCurrentWidget(self.training)

    # ------------------------------------------------------------------ help

    def set_language(self, language: str) -> None:
        if language == self._settings.language:
            return
        self._settings.set(settings_mod.LANGUAGE, language)
        self._settings.sync()
        messages.info(self, self.tr("The language will change the next time vcadre starts."))

    @Slot()
    def about(self) -> None:
        site = ""
        if self.db is not None:
            try:
                site = self.db.site()[1]
            except Exception:  # noqa: BLE001
                site = ""
        text = self.tr(
            "vcadre {version}\n"
            "Village cadre records for a county Party organization department.\n\n"
            "Database: {path}\nSite: {site}"
        ).format(version=__version__, path=self.db.path if self.db else "—", site=site or "—")
        messages.info(self, text, self.tr("About vcadre"))

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        geometry = self._settings.get(settings_mod.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self._settings.get(settings_mod.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = self._settings.get(settings_mod.SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        self._settings.set(settings_mod.GEOMETRY, self.saveGeometry())
        self._settings.set(settings_mod.WINDOW_STATE, self.saveState())
        self._settings.set(settings_mod.SPLITTER, self.splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        if self.db is not None:
            self.db.close()
            self.db = None
        super().closeEvent(event)
        app = QApplication.instance()
        if app is not None and not app.quitOnLastWindowClosed():
            app.quit()


