; vcadre.nsi — the Windows installer for 村干部档案管理 (vcadre), NSIS 3 Unicode, Simplified Chinese UI.
;
;   makensis -DVERSION=0.1.0 installer\vcadre.nsi                   (after pyinstaller, from the repo root)
;   makensis -DVERSION=0.1.0 -DBUNDLE_DIR=C:\path\to\dist\vcadre -DOUTFILE=C:\out\setup.exe installer\vcadre.nsi
;
; What it does:
; - installs per user, without administrator rights, into %LOCALAPPDATA%\Programs\vcadre
;   (RequestExecutionLevel user; every registry key is under HKCU);
; - Start-menu shortcut 村干部档案管理, optional desktop shortcut;
; - optional file association: double-clicking a sync package (.${SYNC_EXT}) starts vcadre with
;   ${SYNC_OPEN_ARGS};
; - upgrade: installing over an older (or the same) version replaces the program files only.
;   The user's data (database, logs, backups, settings) lives in %LOCALAPPDATA%\vcadre, outside the
;   program folder, and is never touched by installing;
; - uninstall: removes the program, shortcuts, association and registry entries and KEEPS the
;   user's data, unless the box "同时删除我的数据" is ticked (and confirmed).
;
; This file is UTF-8 with a byte-order mark, so makensis reads the Chinese text correctly on any
; Windows code page. Paths below are relative to this file's folder (makensis changes into it).

Unicode true
ManifestDPIAware true
!ifdef NO_COMPRESS
  SetCompress off                        ; installer/check-linux.sh: proves the script, not the size
!else
  SetCompressor /SOLID lzma              ; ~85 MB from ~290 MB; takes minutes on 2 cores
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

; ------------------------------------------------------------------ settings (override with -D)
!ifndef VERSION
  !define VERSION "0.0.0"                  ; X.Y.Z, from vcadre.__version__ (build-windows.ps1)
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\dist\vcadre"      ; PyInstaller's one-folder output
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\vcadre-${VERSION}-setup.exe"
!endif
!define APP_ID      "vcadre"
!define APP_NAME    "村干部档案管理"
!define PUBLISHER   "vcadre"
!define MAIN_EXE    "vcadre.exe"           ; windowed program (vcadre-cli.exe is the console twin)
!define ICON_FILE   "..\resources\icons\vcadre.ico"
!define UNINST_KEY  "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR    "$LOCALAPPDATA\vcadre" ; vcadre.paths.user_data_dir() on Windows

; Sync packages (issue 8). The extension is ONE line to change if the sync format picks another.
; Contract with the program: `vcadre.exe --import-sync FILE` opens the window and starts the import
; of FILE (File → 导入同步包); tests/gui/test_app.py checks the program side.
!define SYNC_EXT       "vcsync"
!define SYNC_PROGID    "vcadre.SyncPackage"
!define SYNC_TYPE_NAME "村干部档案同步包"
!define SYNC_OPEN_ARGS '--import-sync "%1"'

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel user
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"

; ------------------------------------------------------------------ pages
!define MUI_ICON   "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TITLE "欢迎安装 ${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "本程序将把 ${APP_NAME} ${VERSION} 安装到您的用户目录，不需要管理员权限，也不需要联网。$\r$\n$\r$\n如果电脑上已装有旧版本，将直接升级，原有数据全部保留。$\r$\n$\r$\n请点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "${APP_NAME} 已安装完成。$\r$\n$\r$\n数据保存在本机：$\r$\n${DATA_DIR}$\r$\n（数据库 vcadre.db、日志 logs、备份 backups）。$\r$\n$\r$\n卸载或升级程序都不会删除这些数据。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${MAIN_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在运行 ${APP_NAME}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ------------------------------------------------------------------ helpers
; Wait until the program is closed: its .exe cannot be replaced or deleted while it runs.
; (Opening a running .exe for writing fails with a sharing violation; renaming it would not.)
!macro WAIT_UNTIL_CLOSED EXE
  ${Do}
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${EXE}"
      FileOpen $R9 "$INSTDIR\${EXE}" a
      ${IfNot} ${Errors}
        FileClose $R9
        ${ExitDo}
      ${EndIf}
      ${If} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} 正在运行。$\r$\n请先关闭程序窗口，再点击“重试”。" /SD IDCANCEL IDCANCEL`
        Abort "已取消：${APP_NAME} 仍在运行。"
      ${EndIf}
    ${Else}
      ${ExitDo}
    ${EndIf}
  ${Loop}
!macroend

; ------------------------------------------------------------------ install
Section "程序文件（必需）" SecMain
  SectionIn RO
  SetShellVarContext current
  !insertmacro WAIT_UNTIL_CLOSED "${MAIN_EXE}"
  !insertmacro WAIT_UNTIL_CLOSED "vcadre-cli.exe"

  SetOutPath "$INSTDIR"
  ; Upgrade: remove the previous program files (only what we installed, never the folder blindly),
  ; so no stale module of an older version is left behind. User data is not in $INSTDIR.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${MAIN_EXE}"
  Delete "$INSTDIR\vcadre-cli.exe"

  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${MAIN_EXE}" "" "$INSTDIR\${MAIN_EXE}" 0 \
      SW_SHOWNORMAL "" "${APP_NAME}：后备干部、培训、驻村、村两委任职档案"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${MAIN_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "桌面快捷方式" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${MAIN_EXE}" "" "$INSTDIR\${MAIN_EXE}" 0
SectionEnd

Section "双击同步包（.${SYNC_EXT}）时用本程序打开" SecAssoc
  WriteRegStr HKCU "Software\Classes\.${SYNC_EXT}" "" "${SYNC_PROGID}"
  WriteRegStr HKCU "Software\Classes\${SYNC_PROGID}" "" "${SYNC_TYPE_NAME}"
  WriteRegStr HKCU "Software\Classes\${SYNC_PROGID}\DefaultIcon" "" "$INSTDIR\${MAIN_EXE},0"
  WriteRegStr HKCU "Software\Classes\${SYNC_PROGID}\shell\open\command" "" '"$INSTDIR\${MAIN_EXE}" ${SYNC_OPEN_ARGS}'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)' ; SHCNE_ASSOCCHANGED
SectionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 64 位的 Windows 10 或 Windows 11。" /SD IDOK
    Abort
  ${EndIf}
  ; An earlier install: same folder (InstallDirRegKey), and say it is an upgrade.
  ReadRegStr $0 HKCU "${UNINST_KEY}" "DisplayVersion"
  ${If} $0 != ""
  ${AndIfNot} ${Silent}
    ${If} ${Cmd} `MessageBox MB_OKCANCEL|MB_ICONINFORMATION "电脑上已安装 ${APP_NAME} $0。$\r$\n将升级到 ${VERSION}，您的数据保留不变。" IDCANCEL`
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

; ------------------------------------------------------------------ uninstall
Section "un.卸载程序文件（必需）" UnSecMain
  SectionIn RO
  SetShellVarContext current
  !insertmacro WAIT_UNTIL_CLOSED "${MAIN_EXE}"
  !insertmacro WAIT_UNTIL_CLOSED "vcadre-cli.exe"

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\.${SYNC_EXT}" ""
  ${If} $0 == "${SYNC_PROGID}"
    DeleteRegKey HKCU "Software\Classes\.${SYNC_EXT}"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${SYNC_PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${MAIN_EXE}"
  Delete "$INSTDIR\vcadre-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"                          ; only if empty: never delete what we did not put there
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

; Unticked by default: the database stays unless the user asks, and confirms.
Section /o "un.同时删除我的数据（数据库、日志、备份，无法恢复）" UnSecData
  ${If} ${Silent}
    Goto keep
  ${EndIf}
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "将永久删除以下文件夹中的全部数据（数据库、日志、备份）：$\r$\n${DATA_DIR}$\r$\n$\r$\n删除后无法恢复。确定要删除吗？" IDYES wipe
  keep:
    DetailPrint "保留用户数据：${DATA_DIR}"
    Goto done
  wipe:
    RMDir /r "${DATA_DIR}"
    DetailPrint "已删除用户数据：${DATA_DIR}"
  done:
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd
