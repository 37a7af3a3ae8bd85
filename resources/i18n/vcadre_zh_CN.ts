<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <source>Administrator (users, settings, sync enrollment)</source>
        <translation>管理用户、设置、登记同步站点</translation>
    </message>
    <message>
        <source>Clerk (edit, print, import)</source>
        <translation>录入、打印、导入</translation>
    </message>
    <message>
        <source>Reader (read only, ID numbers masked)</source>
        <translation>只读，证件号脱敏</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <source>Reserve pool gap alerts</source>
        <translation>后备干部缺口预警</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 岁</translation>
    </message>
    <message>
        <source>Age limit:</source>
        <translation>年龄上限：</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>{n} villages checked</source>
        <translation>共检查 {n} 个村（社区）</translation>
    </message>
    <message>
        <source>{name} ({age}) — {township} {village}</source>
        <translation>{name}（{age}岁）— {township} {village}</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>……另有 {n} 条</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <source>Alerts</source>
        <extracomment>kind → count, after each refresh.</extracomment>
        <translation>驻村提醒</translation>
    </message>
    <message>
        <source>Thresholds…</source>
        <translation>提醒设置…</translation>
    </message>
    <message>
        <source>How many days before a term ends to warn, the minimum days on post a month…</source>
        <translation>任期届满前多少天提醒、每月驻村天数下限等</translation>
    </message>
    <message>
        <source>Double-click an alert to go to the posting or the village history.</source>
        <translation>双击提醒可定位到该驻村记录或打开该村历任驻村情况。</translation>
    </message>
    <message>
        <source>Checking alerts…</source>
        <translation>正在检查驻村提醒…</translation>
    </message>
    <message>
        <source>Alerts: {n}</source>
        <translation>驻村提醒：{n} 条</translation>
    </message>
</context>
<context>
    <name>AttendanceModel</name>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结业情况</translation>
    </message>
</context>
<context>
    <name>AttendancePage</name>
    <message>
        <source>Select cells — click a day&apos;s header for the whole class — then press P (present), A (absent), L (leave) or Del (clear). Each mark is saved at once.</source>
        <translation>选中单元格（点击某天的表头即选中全班），然后按 P（出勤）、A（缺勤）、L（请假）或 Del（清除）。每次标记立即保存。</translation>
    </message>
    <message>
        <source>Present (P)</source>
        <translation>出勤（P）</translation>
    </message>
    <message>
        <source>Absent (A)</source>
        <translation>缺勤（A）</translation>
    </message>
    <message>
        <source>Leave (L)</source>
        <translation>请假（L）</translation>
    </message>
    <message>
        <source>Clear (Del)</source>
        <translation>清除（Del）</translation>
    </message>
    <message>
        <source>Everyone present on every day</source>
        <translation>全班全部出勤</translation>
    </message>
    <message>
        <source>{days} class days of {hours} hours each; {n} trainees.</source>
        <translation>共 {days} 个培训日，每天 {hours} 学时；学员 {n} 人。</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>到：</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>共 {n} 条</translation>
    </message>
    <message>
        <source>Export audit trail</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>{n} entries written to {path}.</source>
        <translation>已导出 {n} 条记录到 {path}。</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>对象类别</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>BatchPage</name>
    <message>
        <source>New batch</source>
        <translation>新批次</translation>
    </message>
    <message>
        <source>Name the new rotation batch, its date, and which postings it replaces.</source>
        <translation>填写新轮换批次的名称、日期，以及要轮换的范围和批次。</translation>
    </message>
    <message>
        <source>Rotate in:</source>
        <translation>轮换范围：</translation>
    </message>
    <message>
        <source>Batch being rotated:</source>
        <translation>被轮换批次：</translation>
    </message>
    <message>
        <source>New batch name:</source>
        <translation>新批次名称：</translation>
    </message>
    <message>
        <source>If a batch of this name exists, these postings join it, so townships can be rotated one after another into one batch.</source>
        <translation>如已有同名批次，本次选派的人员并入该批次（可逐个乡镇轮换到同一批次）。</translation>
    </message>
    <message>
        <source>New batch arrives on:</source>
        <translation>新批次到岗日期：</translation>
    </message>
    <message>
        <source>Last day of those leaving:</source>
        <translation>原驻村人员离岗日期：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Whole county</source>
        <translation>全县</translation>
    </message>
    <message>
        <source>All postings on post</source>
        <translation>全部在岗人员</translation>
    </message>
    <message>
        <source>{name} ({n} on post)</source>
        <translation>{name}（在岗 {n} 人）</translation>
    </message>
    <message>
        <source>Give the new batch a name.</source>
        <translation>请填写新批次名称。</translation>
    </message>
    <message>
        <source>The arrival date is not a date (YYYY-MM-DD).</source>
        <translation>到岗日期格式不正确（应为 YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>The last day of those leaving is not a date (YYYY-MM-DD).</source>
        <translation>离岗日期格式不正确（应为 YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Those leaving must leave before the new batch arrives.</source>
        <translation>原驻村人员的离岗日期应早于新批次到岗日期。</translation>
    </message>
</context>
<context>
    <name>CertificateVerifyDialog</name>
    <message>
        <source>Verify certificates</source>
        <extracomment>Verdict colours: green valid, red revoked / forged, grey not found / unknown.</extracomment>
        <translation>证书核验</translation>
    </message>
    <message>
        <source>Certificate number, e.g. 织金培〔2024〕001-0001号</source>
        <translation>证书编号，如 织金培〔2024〕001-0001号</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Open a scan…</source>
        <translation>打开扫描件…</translation>
    </message>
    <message>
        <source>A scan or photo of the certificate (PNG, JPEG, TIFF or PDF): its QR code is read and its signature checked</source>
        <translation>证书的扫描件或照片（PNG、JPEG、TIFF 或 PDF）：识别其二维码并核验签名</translation>
    </message>
    <message>
        <source>The QR code on a certificate is signed by the office that printed it; it is checked with that office&apos;s key, which arrives with its sync packages. Works without a network.</source>
        <translation>证书上的二维码由打印证书的单位签名，用该单位的密钥核验（密钥随该单位的同步包传来）。无需联网。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open a scan of the certificate</source>
        <translation>打开证书扫描件</translation>
    </message>
    <message>
        <source>Type a certificate number first.</source>
        <translation>请先输入证书编号。</translation>
    </message>
    <message>
        <source>Reading the scan…</source>
        <translation>正在识别扫描件…</translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结业情况</translation>
    </message>
    <message>
        <source>Certificate number</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书状态</translation>
    </message>
    <message>
        <source>Issue numbers to completers</source>
        <translation>为结业学员颁发证书编号</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销证书…</translation>
    </message>
    <message>
        <source>Number pattern…</source>
        <translation>编号格式…</translation>
    </message>
    <message>
        <source>Preview and save print the selected trainees&apos; certificates, or all valid ones when none is selected. Reprints keep their numbers.</source>
        <translation>打印预览和另存为 PDF 输出所选学员的证书；未选择时输出全部有效证书。重新打印沿用原编号。</translation>
    </message>
    <message>
        <source>Certificate numbers look like: {example}</source>
        <translation>证书编号示例：{example}</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>{valid} valid certificates; {waiting} completers without a number.</source>
        <translation>有效证书 {valid} 张；{waiting} 名结业学员尚未颁发编号。</translation>
    </message>
    <message>
        <source>{n} certificates issued: {first} to {last}.</source>
        <translation>已颁发证书 {n} 张：{first} 至 {last}。</translation>
    </message>
    <message>
        <source>Select one trainee with a valid certificate.</source>
        <translation>请选择一名持有效证书的学员。</translation>
    </message>
    <message>
        <source>Revoke certificate</source>
        <translation>撤销证书</translation>
    </message>
    <message>
        <source>Revoke certificate {number} of {name}? Its number will never be given again. Reason (required):</source>
        <translation>撤销{name}的证书（{number}）？该编号今后不再使用。撤销理由（必填）：</translation>
    </message>
    <message>
        <source>Writing certificates…</source>
        <translation>正在生成结业证书…</translation>
    </message>
    <message>
        <source>Certificates — print preview</source>
        <translation>结业证书 — 打印预览</translation>
    </message>
    <message>
        <source>Save certificates as PDF</source>
        <translation>结业证书另存为 PDF</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
</context>
<context>
    <name>ChainMoveDialog</name>
    <message>
        <source>Promote</source>
        <translation>晋升</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Exit the pool</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Re-enter the pool</source>
        <translation>重新入库</translation>
    </message>
    <message>
        <source>Current stage: {stage}; status: {status}</source>
        <translation>当前阶段：{stage}；状态：{status}</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Also record the village post</source>
        <translation>同时登记村级任职</translation>
    </message>
    <message>
        <source>To stage:</source>
        <translation>目标阶段：</translation>
    </message>
    <message>
        <source>Reason for leaving:</source>
        <translation>退出原因：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Post:</source>
        <translation>职务：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>This promotion skips a stage: a reason is required.</source>
        <translation>本次晋升跨越了培养阶段，必须填写理由。</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写理由。</translation>
    </message>
    <message>
        <source>If the reason is &apos;Other&apos;, explain it in the note.</source>
        <translation>退出原因为“其他”时，请在说明中写明。</translation>
    </message>
    <message>
        <source>The date “{text}” is not a date (use YYYY-MM-DD).</source>
        <translation>“{text}”不是有效日期（请写成 YYYY-MM-DD）。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Reset password of {user}</source>
        <translation>重设“{user}”的密码</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>原密码：</translation>
    </message>
</context>
<context>
    <name>ChartPage</name>
    <message>
        <source>Save as PNG…</source>
        <translation>保存为 PNG…</translation>
    </message>
    <message>
        <source>The chart is drawn when this page is shown.</source>
        <translation>切换到此页时绘制图表。</translation>
    </message>
    <message>
        <source>Could not save the chart: {error}</source>
        <translation>无法保存图表：{error}</translation>
    </message>
    <message>
        <source>Chart saved to {path}.</source>
        <translation>图表已保存到 {path}。</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>Save as PNG…</source>
        <translation>保存为 PNG…</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>无法保存 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Check and confirm</source>
        <translation>核对并确认</translation>
    </message>
    <message>
        <source>Nothing is written until you press Finish; then everything is written at once.</source>
        <translation>点击“完成”前不会写入任何数据；点击后一次性全部写入。</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Leaving</source>
        <translation>离岗</translation>
    </message>
    <message>
        <source>Arriving</source>
        <translation>接任</translation>
    </message>
    <message>
        <source>Batch “{name}”: {ending} postings end on {end}; {new} people arrive on {start}.</source>
        <translation>批次“{name}”：{ending} 人于 {end} 离岗；{new} 人于 {start} 到岗。</translation>
    </message>
    <message>
        <source>These {n} villages designated to have a first secretary would have none:</source>
        <translation>以下 {n} 个应选派第一书记的村（社区）将没有在岗第一书记：</translation>
    </message>
    <message>
        <source>Every village designated to have a first secretary will have one.</source>
        <translation>所有应选派第一书记的村（社区）都有在岗第一书记。</translation>
    </message>
    <message>
        <source>(vacant)</source>
        <translation>（空缺）</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>Kept for now</source>
        <translation>暂定保留值</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>另一值</translation>
    </message>
    <message>
        <source>Keep the value kept for now</source>
        <translation>保留暂定值</translation>
    </message>
    <message>
        <source>Keep the other value</source>
        <translation>改用另一值</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Entered at</source>
        <translation>录入站点</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Merge the selected group (keep the first record)</source>
        <translation>合并所选的一组（保留第一条记录）</translation>
    </message>
    <message>
        <source>Possible same person</source>
        <translation>疑似同一人</translation>
    </message>
    <message>
        <source>both edited</source>
        <translation>双方都修改</translation>
    </message>
    <message>
        <source>deleted / edited</source>
        <translation>一方删除、一方修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>whole record</source>
        <translation>整条记录</translation>
    </message>
    <message>
        <source>Conflicts ({n})</source>
        <translation>冲突（{n}）</translation>
    </message>
    <message>
        <source>Possible same person ({n})</source>
        <translation>疑似同一人（{n}）</translation>
    </message>
    <message>
        <source>Select a conflict first.</source>
        <translation>请先选择一个冲突。</translation>
    </message>
    <message>
        <source>Select a person of the group to merge first.</source>
        <translation>请先选择要合并的一组中的一个人。</translation>
    </message>
    <message>
        <source>Merge {n} records of {name} into one? Posts, reserve entries, training and postings move to the kept record.</source>
        <translation>将“{name}”的 {n} 条记录合并为一条吗？任职、后备干部、培训和驻村记录都会转到保留的记录上。</translation>
    </message>
</context>
<context>
    <name>CreateAdminDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>The database will be encrypted. Choose the administrator&apos;s user name and password. The administrator adds the other users (clerks, readers) later.</source>
        <translation>数据库将被加密。请设置管理员的用户名和密码；其他用户（录入员、查阅员）以后由管理员添加。</translation>
    </message>
    <message>
        <source>This database is not protected: anyone who copies the file can read it. Create the administrator now and the database is encrypted (a checked copy replaces the old file).</source>
        <translation>此数据库未受保护：任何人复制该文件都能读取其中的内容。现在创建管理员后，数据库将被加密（先生成并检查加密副本，再替换原文件）。</translation>
    </message>
    <message>
        <source>e.g. 龙场镇组织办</source>
        <extracomment>A new database is one office&apos;s (站点): its name is asked here, never left as &quot;本机&quot;.</extracomment>
        <translation>例如：龙场镇组织办</translation>
    </message>
    <message>
        <source>Office name:</source>
        <translation>本单位名称：</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>如 2024-03-05</translation>
    </message>
    <message>
        <source>Choose from a calendar</source>
        <translation>从日历中选择</translation>
    </message>
</context>
<context>
    <name>DaysDialog</name>
    <message>
        <source>Days on post</source>
        <translation>驻村天数</translation>
    </message>
    <message>
        <source>Fill the empty ones</source>
        <translation>填入空白格</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Days for the empty ones:</source>
        <translation>空白格填入天数：</translation>
    </message>
    <message>
        <source>Type the days and press Enter to go to the next person. Red: fewer than {n} days.</source>
        <translation>输入天数后按回车跳到下一人。红色：少于 {n} 天。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Months entered</source>
        <translation>已填月数</translation>
    </message>
    <message>
        <source>Total days</source>
        <translation>驻村总天数</translation>
    </message>
    <message>
        <source>Months under {n} days</source>
        <translation>少于 {n} 天的月数</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Average a month</source>
        <translation>月均天数</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <source>By township</source>
        <translation>按乡镇（街道）汇总</translation>
    </message>
    <message>
        <source>By person</source>
        <translation>按人员汇总</translation>
    </message>
    <message>
        <source>Enter a month</source>
        <translation>按月填报</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>{n} people, {entered} entered</source>
        <translation>共 {n} 人，已填 {entered} 人</translation>
    </message>
    <message>
        <source>The figures typed for this month are not saved. Discard them?</source>
        <translation>本月已输入的天数尚未保存，放弃这些输入吗？</translation>
    </message>
    <message>
        <source>Nothing was saved:</source>
        <translation>未保存任何数据：</translation>
    </message>
    <message>
        <source>; {n} saved</source>
        <translation>；已保存 {n} 条</translation>
    </message>
    <message>
        <source>The figures typed for this month are not saved. Close anyway?</source>
        <translation>本月已输入的天数尚未保存，仍要关闭吗？</translation>
    </message>
</context>
<context>
    <name>DispatchTab</name>
    <message>
        <source>Rotate…</source>
        <translation>轮换…</translation>
    </message>
    <message>
        <source>End a batch and post the next, village by village</source>
        <translation>结束一个批次、逐村选派下一批</translation>
    </message>
    <message>
        <source>Days on post…</source>
        <translation>驻村天数…</translation>
    </message>
    <message>
        <source>Monthly days on post for everyone at once</source>
        <translation>按月批量填报驻村天数</translation>
    </message>
    <message>
        <source>Visits…</source>
        <translation>走访记录…</translation>
    </message>
    <message>
        <source>Household visits of the selected posting</source>
        <translation>所选驻村人员的入户走访记录</translation>
    </message>
    <message>
        <source>Village history…</source>
        <translation>村历任…</translation>
    </message>
    <message>
        <source>Everyone posted to the selected village, in order</source>
        <translation>所选村历任第一书记和工作队</translation>
    </message>
    <message>
        <source>New village posting</source>
        <translation>新增驻村干部</translation>
    </message>
    <message>
        <source>Edit village posting</source>
        <translation>编辑驻村干部</translation>
    </message>
    <message>
        <source>Rotation saved: {ended} postings ended, {started} people posted.</source>
        <translation>轮换已保存：{ended} 人离岗，新选派 {started} 人。</translation>
    </message>
    <message>
        <source>{n} villages designated to have a first secretary still have none.</source>
        <translation>仍有 {n} 个应选派第一书记的村（社区）没有在岗第一书记。</translation>
    </message>
    <message>
        <source>Select a posting in the list, or a village in the tree, first.</source>
        <translation>请先在列表中选择一条驻村记录，或在左侧选择一个村（社区）。</translation>
    </message>
</context>
<context>
    <name>EditConflictDialog</name>
    <message>
        <source>Someone else saved this record</source>
        <translation>他人已保存这条记录</translation>
    </message>
    <message>
        <source>Another officer changed and saved this record after you opened it. Nothing of yours has been saved yet. For each field below, choose which value to keep.</source>
        <translation>您打开这条记录之后，另一位工作人员修改并保存了它。您的修改尚未保存。请逐项选择要保留的内容。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>My change</source>
        <translation>我的修改</translation>
    </message>
    <message>
        <source>Saved by the other officer</source>
        <translation>对方已保存</translation>
    </message>
    <message>
        <source>{value} (not changed by you)</source>
        <translation>{value}（您未修改）</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <source>Merge as chosen</source>
        <translation>合并（按所选）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save the form as you filled it in, over the other officer&apos;s values</source>
        <translation>按您填写的内容保存，覆盖对方保存的值</translation>
    </message>
    <message>
        <source>Drop your changes to these fields and keep what was saved</source>
        <translation>放弃您对这些字段的修改，保留对方已保存的内容</translation>
    </message>
    <message>
        <source>Save the value chosen in each row</source>
        <translation>逐项保存每一行所选的值</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ElectionDialog</name>
    <message>
        <source>the whole county</source>
        <extracomment>(post code, person id, name): one elected holder of a post other than secretary and director. Per row: {&quot;secretary&quot;: (id, name) | None, &quot;director&quot;: (id, name) | None, &quot;others&quot;: [(post, id, name), …]}</extracomment>
        <translation>全县</translation>
    </message>
    <message>
        <source>General election — {scope}</source>
        <translation>换届 — {scope}</translation>
    </message>
    <message>
        <source>General election in {scope}</source>
        <translation>{scope}村“两委”换届</translation>
    </message>
    <message>
        <source>Every post held on the election day in these villages ends the day before it. The elected secretary and director start on the election day (how appointed: election). They and the other posts (deputies, members, supervision) are filled in with the current holders: change only those who changed.</source>
        <translation>这些村（社区）在选举日仍在任的所有职务于选举日前一天结束。当选的书记、主任及其他职务从选举日起任职（任职方式：选举）。书记、主任和其他职务（副职、委员、监委会主任）已按现任人员预先填好：只需修改有变动的。</translation>
    </message>
    <message>
        <source>Election day:</source>
        <translation>换届日期：</translation>
    </message>
    <message>
        <source>Village (community)</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Secretary before</source>
        <translation>原书记</translation>
    </message>
    <message>
        <source>Director before</source>
        <translation>原主任</translation>
    </message>
    <message>
        <source>Elected secretary</source>
        <translation>当选书记</translation>
    </message>
    <message>
        <source>Elected director</source>
        <translation>当选主任</translation>
    </message>
    <message>
        <source>One person</source>
        <translation>一肩挑</translation>
    </message>
    <message>
        <source>Other posts elected</source>
        <translation>其他当选职务</translation>
    </message>
    <message>
        <source>Choose secretary…</source>
        <translation>选择书记…</translation>
    </message>
    <message>
        <source>Choose director…</source>
        <translation>选择主任…</translation>
    </message>
    <message>
        <source>Other posts…</source>
        <translation>其他职务…</translation>
    </message>
    <message>
        <source>Deputies, members and the supervision director elected in this village</source>
        <translation>本村当选的副书记、副主任、委员和监委会主任</translation>
    </message>
    <message>
        <source>No result yet</source>
        <translation>暂无结果</translation>
    </message>
    <message>
        <source>Leave this village&apos;s posts empty for now</source>
        <translation>本村各职务暂不填写</translation>
    </message>
    <message>
        <source>Close posts and save results</source>
        <translation>结束原任职并保存结果</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{n} villages; one person as secretary and director: {one}</source>
        <translation>共 {n} 个村（社区），当选书记、主任“一肩挑” {one} 个</translation>
    </message>
    <message>
        <source>Election saved: {closed} posts closed, {created} posts entered; {one} of {n} villages elected one person as secretary and director.</source>
        <translation>换届结果已保存：结束原任职 {closed} 条，新增任职 {created} 条；{n} 个村（社区）中 {one} 个实现书记、主任“一肩挑”。</translation>
    </message>
    <message>
        <source>Saving the election results…</source>
        <translation>正在保存换届结果…</translation>
    </message>
    <message>
        <source>Close every post held on {day} in these {n} villages and save the results? This is one step: either all of it is saved or nothing.</source>
        <translation>结束这 {n} 个村（社区）在 {day} 仍在任的所有职务，并保存换届结果？此操作一次完成：要么全部保存，要么都不保存。</translation>
    </message>
</context>
<context>
    <name>EndingPage</name>
    <message>
        <source>Who leaves</source>
        <translation>离岗人员</translation>
    </message>
    <message>
        <source>Ticked postings end on the last day given; untick those who stay.</source>
        <translation>勾选的人员于所填离岗日期结束驻村；留任的请取消勾选。</translation>
    </message>
    <message>
        <source>Term completed</source>
        <translation>期满轮换</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Untick all</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Status after leaving:</source>
        <translation>离岗后状态：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>离岗原因：</translation>
    </message>
    <message>
        <source>{n} of {total} postings end.</source>
        <translation>共 {total} 人，{n} 人离岗。</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Enroll a new site</source>
        <translation>登记新站点</translation>
    </message>
    <message>
        <source>The .vcjoin file the new site gave you</source>
        <translation>新站点交来的 .vcjoin 文件</translation>
    </message>
    <message>
        <source>Join request:</source>
        <translation>加入申请：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>The site applying to join</source>
        <translation>申请加入的站点</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <source>This site (give it to them)</source>
        <translation>本机（念给对方核对）</translation>
    </message>
    <message>
        <source>Call the site and have them read their fingerprint aloud, group by group; compare every group with the left side. Enroll only if all characters match: a file that differs may be forged. Then read them this site&apos;s fingerprint (right side): they compare it when importing the welcome package.</source>
        <translation>请给对方打电话，请对方一组一组地念出其密钥指纹，与左边逐组核对。每个字符都一致才能登记：不一致的申请文件可能是伪造的。然后把本机的密钥指纹（右边）念给对方：对方导入欢迎包时要核对它。</translation>
    </message>
    <message>
        <source>This computer becomes the root site (county organization department) with this first enrollment: from then on it accepts packages only from the sites it enrolled.</source>
        <translation>这是本机第一次登记站点，本机将成为根站点（县委组织部）：此后只接受本机登记过的站点的同步包。</translation>
    </message>
    <message>
        <source>{root} allowed this site to enroll other sites: every site accepts the new site once it has checked the signatures {root} → this site → new site.</source>
        <translation>{root}已授权本站点登记其他站点：各站点核对签名链（{root} → 本站点 → 新站点）后即接受新站点。</translation>
    </message>
    <message>
        <source>The fingerprint read aloud matches the left side exactly</source>
        <translation>对方念出的密钥指纹与左边完全一致</translation>
    </message>
    <message>
        <source>Allow this site to enroll other sites</source>
        <translation>允许该站点登记其他站点</translation>
    </message>
    <message>
        <source>For a township office that enrolls its villages&apos; computers itself. The right ends only when the site is revoked.</source>
        <translation>适用于自行登记本乡镇各村（社区）电脑的乡镇组织办。此权限只能随吊销该站点一并收回。</translation>
    </message>
    <message>
        <source>Welcome package:</source>
        <translation>欢迎包：</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <source>The passphrase may stay empty: the welcome package is encrypted to the new site&apos;s own key from its request. A passphrase adds a second lock (required for a request from an older vcadre): tell it in person or by phone, never on the USB stick with the package.</source>
        <translation>口令可以不填：欢迎包已用新站点申请中的加密公钥加密。口令是另加的一把锁（旧版本 vcadre 的申请必须设口令）：请当面或电话告知对方，不要和欢迎包放在同一个 U 盘上。</translation>
    </message>
    <message>
        <source>Enrolled the site “{name}”. Welcome package written: {path} ({n} changes).

Give it to the new site to import.</source>
        <translation>已登记站点“{name}”。欢迎包已写出：{path}（{n} 项变更）。

请交给新站点导入。</translation>
    </message>
    <message>
        <source>It may enroll other sites once it has imported the welcome package.</source>
        <translation>对方导入欢迎包后即可登记其他站点。</translation>
    </message>
    <message>
        <source> Tell them the passphrase in person or by phone.</source>
        <translation>请当面或电话告知对方口令。</translation>
    </message>
    <message>
        <source>Enroll and write the welcome package</source>
        <translation>登记并写出欢迎包</translation>
    </message>
    <message>
        <source>Open a join request</source>
        <translation>打开加入申请</translation>
    </message>
    <message>
        <source>Welcome package</source>
        <translation>欢迎包</translation>
    </message>
    <message>
        <source>Choose where to write the welcome package.</source>
        <translation>请选择欢迎包的保存位置。</translation>
    </message>
    <message>
        <source>The passphrase must not be empty.</source>
        <translation>口令不能为空。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>This computer is now the root site; the sites it exchanged packages with before were enrolled with it: {names}.</source>
        <translation>本机现为根站点；此前已交换过同步包的站点一并登记：{names}。</translation>
    </message>
    <message>
        <source>Cancelled: the site is enrolled, but no welcome package was written. Enroll it again to write one.</source>
        <translation>已取消：该站点已登记，但没有写入欢迎包。再次登记即可重新写入。</translation>
    </message>
    <message>
        <source>Could not enroll the site of the join request {path}:
{reason}</source>
        <translation>未能登记加入申请“{path}”中的站点：
{reason}</translation>
    </message>
    <message>
        <source>Enrolling the site and writing the welcome package…</source>
        <translation>正在登记站点并写出欢迎包…</translation>
    </message>
</context>
<context>
    <name>EnrolmentPage</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Village (community)</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结业情况</translation>
    </message>
    <message>
        <source>Certificate number</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>Add people…</source>
        <translation>添加学员…</translation>
    </message>
    <message>
        <source>Add a whole group…</source>
        <translation>按条件批量添加…</translation>
    </message>
    <message>
        <source>New person…</source>
        <translation>新增人员…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移出</translation>
    </message>
    <message>
        <source>Set result by hand…</source>
        <translation>手动认定结业…</translation>
    </message>
    <message>
        <source>Back to the rule</source>
        <translation>恢复按规则认定</translation>
    </message>
    <message>
        <source>Training record…</source>
        <translation>培训档案…</translation>
    </message>
    <message>
        <source> (revoked)</source>
        <translation>（已撤销）</translation>
    </message>
    <message>
        <source>{n} trainees (planned {capacity})</source>
        <translation>学员 {n} 人（计划 {capacity} 人）</translation>
    </message>
    <message>
        <source>{n} trainees</source>
        <translation>学员 {n} 人</translation>
    </message>
    <message>
        <source>{added} people enrolled; {already} were enrolled already.</source>
        <translation>已报名 {added} 人；另有 {already} 人此前已报名。</translation>
    </message>
    <message>
        <source> and others</source>
        <translation>等</translation>
    </message>
    <message>
        <source>Remove {names} from this course? Their sign-ins go too.</source>
        <translation>将{names}移出本培训班？其签到记录一并删除。</translation>
    </message>
    <message>
        <source>Select one trainee.</source>
        <translation>请选择一名学员。</translation>
    </message>
    <message>
        <source>Set result by hand</source>
        <translation>手动认定结业情况</translation>
    </message>
    <message>
        <source>Record {name} as “{result}”. Reason (required):</source>
        <translation>将{name}认定为“{result}”。理由（必填）：</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export sync package</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <source>Everything (full package, always safe)</source>
        <translation>全部变更（完整同步包，总是安全的）</translation>
    </message>
    <message>
        <source>Changes not yet received by {name}</source>
        <translation>“{name}”尚未收到的变更</translation>
    </message>
    <message>
        <source>Contents:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>{name} (root site)</source>
        <translation>{name}（根站点）</translation>
    </message>
    <message>
        <source>{name} — encryption key not known yet</source>
        <translation>{name} — 尚未得知其加密公钥</translation>
    </message>
    <message>
        <source>Who can read it:</source>
        <translation>可读取的站点：</translation>
    </message>
    <message>
        <source>No other site&apos;s encryption key is known here yet: the package is protected by a passphrase alone (asked next).</source>
        <translation>本机尚不知道任何其他站点的加密公钥：此同步包仅由口令保护（下一步输入口令）。</translation>
    </message>
    <message>
        <source>Only the ticked sites can open the package; it is encrypted to their keys.</source>
        <translation>只有勾选的站点能打开此同步包：它用这些站点的公钥加密。</translation>
    </message>
    <message>
        <source>A greyed-out site has not yet sent a join request or a package made with this version, so its encryption key is not known here: import a package from it first, or protect this package with a passphrase and tell it in person.</source>
        <translation>灰色的站点还没有发来加入申请或用本版本导出的同步包，本机不知道它的加密公钥：请先导入它的同步包，或为此同步包设口令并当面告诉对方。</translation>
    </message>
    <message>
        <source>With no site ticked, the passphrase alone protects the package.</source>
        <translation>若不勾选任何站点，此同步包仅由口令保护。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Tick at least one site that may read the package.</source>
        <translation>请至少勾选一个能读取此同步包的站点。</translation>
    </message>
</context>
<context>
    <name>FilterEnrolDialog</name>
    <message>
        <source>Enrol a whole group</source>
        <translation>按条件批量报名</translation>
    </message>
    <message>
        <source>Current village cadres, by post</source>
        <translation>现任村干部（按职务）</translation>
    </message>
    <message>
        <source>Reserve pool, by stage</source>
        <translation>后备干部库在库人员（按培养阶段）</translation>
    </message>
    <message>
        <source>Cadres stationed in villages, by role</source>
        <translation>在岗驻村干部（按驻村职务）</translation>
    </message>
    <message>
        <source>Whole county</source>
        <translation>全县</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人员范围</translation>
    </message>
    <message>
        <source>Post, stage or role</source>
        <translation>职务、阶段或驻村职务</translation>
    </message>
    <message>
        <source>Township (subdistrict)</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>报名</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <source>{n} people match; {already} of them are enrolled already.</source>
        <translation>符合条件 {n} 人，其中 {already} 人已报名。</translation>
    </message>
</context>
<context>
    <name>FingerprintView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the fingerprint (to paste it into a message)</source>
        <translation>复制密钥指纹（可粘贴到消息中）</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to vcadre</source>
        <translation>欢迎使用村干部档案管理</translation>
    </message>
    <message>
        <source>Village cadre records</source>
        <translation>村干部档案管理</translation>
    </message>
    <message>
        <source>There is no database yet. How would you like to start?</source>
        <translation>还没有数据库。请选择如何开始：</translation>
    </message>
    <message>
        <source>Create demo data</source>
        <translation>创建演示数据</translation>
    </message>
    <message>
        <source>A made-up county with townships, villages, cadres and training records, to try things out.</source>
        <translation>生成一个虚构的县（含乡镇、村、干部和培训记录），用于试用和培训。</translation>
    </message>
    <message>
        <source>New empty database</source>
        <translation>新建空数据库</translation>
    </message>
    <message>
        <source>Start your own records from scratch.</source>
        <translation>从零开始录入本地数据。</translation>
    </message>
    <message>
        <source>Open an existing database</source>
        <translation>打开已有数据库</translation>
    </message>
    <message>
        <source>A database file made earlier or copied from another computer.</source>
        <translation>打开以前建立的或从其他电脑复制来的数据库文件。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import from Excel</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>.xlsx, .xls or .csv (UTF-8 or GB18030)</source>
        <translation>.xlsx、.xls 或 .csv（UTF-8 或 GB18030 编码）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>What the sheet holds:</source>
        <translation>表格内容：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>The sheet may have title rows above the header, a 序号 column and columns in any order; dates such as 2024.3.1 or 2024年3月1日 are understood. ID numbers must be stored as text: Excel keeps only 15 digits of a number.</source>
        <translation>表头上方可以有标题行，可以有“序号”列，列的顺序不限；2024.3.1、2024年3月1日 等日期写法都能识别。身份证号码须以文本形式保存：Excel 把数字只保留 15 位有效数字。</translation>
    </message>
    <message>
        <source>Save the template…</source>
        <translation>下载导入模板…</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Import {kind} — {file}</source>
        <translation>导入{kind} — {file}</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>文件中的列名</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>对应字段</translation>
    </message>
    <message>
        <source>Class title (if the sheet has none):</source>
        <translation>培训班名称（表中没有时填写）：</translation>
    </message>
    <message>
        <source>Class start:</source>
        <translation>开班日期：</translation>
    </message>
    <message>
        <source>Class end:</source>
        <translation>结业日期：</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Check the rows</source>
        <translation>预检</translation>
    </message>
    <message>
        <source>Sheet “{sheet}”: the header is on row {row}; data starts on row {data}. Check what each column holds; choose “Ignore” for columns not to import.</source>
        <translation>工作表“{sheet}”：列名在第 {row} 行，数据从第 {data} 行开始。请核对每一列对应的字段；不需要导入的列选择“忽略”。</translation>
    </message>
    <message>
        <source>(Mapping remembered from an earlier import of the same columns.)</source>
        <translation>（已沿用上次导入相同列时的对应关系。）</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Required fields without a column: {fields}.</source>
        <translation>以下必填字段还没有对应的列：{fields}。</translation>
    </message>
    <message>
        <source>Several columns are mapped to: {fields}.</source>
        <translation>多列对应了同一字段：{fields}。</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>The database is backed up before anything is written.</source>
        <translation>写入前会先自动备份数据库。</translation>
    </message>
    <message>
        <source>Import all</source>
        <translation>全部导入</translation>
    </message>
    <message>
        <source>Import only the valid rows</source>
        <translation>只导入正确的行</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>正在预检…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>{total} rows read: {valid} valid, {bad} with problems ({errors} problems in all).</source>
        <translation>共 {total} 行：正确 {valid} 行，有误 {bad} 行（共 {errors} 处问题）。</translation>
    </message>
    <message>
        <source>Column {letter}</source>
        <translation>第 {letter} 列</translation>
    </message>
    <message>
        <source>… and {n} more notes.</source>
        <translation>……另有 {n} 条说明。</translation>
    </message>
    <message>
        <source>No valid row: nothing can be imported.</source>
        <translation>没有正确的行，无法导入。</translation>
    </message>
    <message>
        <source>Backup taken before the import: {backup}</source>
        <translation>导入前已备份数据库：{backup}</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <source>Cancel</source>
        <extracomment>A job that finishes sooner shows no progress dialog at all (Anki waits 600 ms). Progress reaches the GUI thread at most this often. Each report is a queued slot that must take the GIL back from the worker (up to the 5 ms switch interval), and Qt delivers all queued slots before the next timer: 577 certificates reported one by one held the window ~1 s. A dialog redrawn 20 times a second looks the same. Qt&apos;s signal carries a C int: larger figures (bytes of a big file) are scaled down together. The step being reported (a key of the job&apos;s ``phases``), &quot;&quot; for a job of one step. Jobs still running, so Python does not collect them (and their signal objects) early.</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Apply to join</source>
        <translation>申请加入</translation>
    </message>
    <message>
        <source>Writes a join request with this site&apos;s name and public key. Take the file to the county organization department (USB stick); they enroll this site and give you a welcome package to import. Then read this site&apos;s key fingerprint to them by phone.</source>
        <translation>写出本站点的加入申请（含站点名称和公钥）。请把申请文件（用 U 盘）交给县委组织部，由其登记本站点并交回一个欢迎包供本机导入；并在电话中把本机的密钥指纹念给对方核对。</translation>
    </message>
    <message>
        <source>This database is a copy: apply under a new site name, not the original&apos;s “{name}”.</source>
        <translation>此数据库是复制件：请用新的站点名称申请加入，不能与原站点“{name}”相同。</translation>
    </message>
    <message>
        <source>Site name:</source>
        <translation>站点名称：</translation>
    </message>
    <message>
        <source>Request file:</source>
        <translation>申请文件：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Key fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <source>Write the join request</source>
        <translation>写出加入申请</translation>
    </message>
    <message>
        <source>Enter the site name (for example 龙场镇组织办).</source>
        <translation>请输入站点名称（例如：龙场镇组织办）。</translation>
    </message>
    <message>
        <source>Choose where to write the join request.</source>
        <translation>请选择加入申请的保存位置。</translation>
    </message>
    <message>
        <source>Join request written: {path}
Site: {name}
Key fingerprint: {fp}

Give the file to the county organization department and read them the fingerprint by phone, group by group.</source>
        <translation>已写出加入申请：{path}
站点：{name}
密钥指纹：{fp}

请把申请文件交给县委组织部，并在电话中把上面的密钥指纹一组一组念给对方核对。</translation>
    </message>
    <message>
        <source>Could not write the join request {path}:
{reason}</source>
        <translation>未能写出加入申请“{path}”：
{reason}</translation>
    </message>
    <message>
        <source>Writing the join request…</source>
        <translation>正在写出加入申请…</translation>
    </message>
</context>
<context>
    <name>ListTab</name>
    <message>
        <source>{what}: all</source>
        <extracomment>Module with ``FIELDS``, ``get``, ``save``, ``delete``. The total changed (for the status bar).</extracomment>
        <translation>{what}：全部</translation>
    </message>
    <message>
        <source>Click to remove this filter</source>
        <translation>点击取消此筛选</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新增(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Add a record (Insert)</source>
        <translation>新增一条记录（Insert）</translation>
    </message>
    <message>
        <source>Edit the selected record (F2 or Enter; or double-click)</source>
        <translation>编辑选中的记录（F2 或回车，也可双击）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected record (Del)</source>
        <translation>删除选中的记录（Delete）</translation>
    </message>
    <message>
        <source>Excel</source>
        <extracomment>Import-engine kind of this tab&apos;s records (``services.imports``): adds an Excel button with 下载导入模板 and 从 Excel 导入 (the import wizard).</extracomment>
        <translation>Excel</translation>
    </message>
    <message>
        <source>Save the import template…</source>
        <translation>下载导入模板…</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>Search by name, pinyin initials or ID number</source>
        <translation>按姓名、拼音首字母或身份证号查找</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <source>Edit record</source>
        <translation>编辑记录</translation>
    </message>
    <message>
        <source>{n} records</source>
        <translation>共 {n} 条</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>vcadre is locked. Enter the password of {user} to continue.</source>
        <translation>程序已锁定。请输入用户“{user}”的密码继续。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>密码不正确。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — {name}</source>
        <translation>登录 — {name}</translation>
    </message>
    <message>
        <source>This database is encrypted. Log in with your user name and password.</source>
        <translation>此数据库已加密，请用您的用户名和密码登录。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Use the recovery key instead of a password</source>
        <translation>改用恢复密钥</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enter the user name and the password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>LrmxImportDialog</name>
    <message>
        <source>Import appointment form — {name}</source>
        <translation>导入任免审批表 — {name}</translation>
    </message>
    <message>
        <source>New person: {name}</source>
        <translation>新增人员：{name}</translation>
    </message>
    <message>
        <source>Person: {name}</source>
        <translation>人员：{name}</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现有内容</translation>
    </message>
    <message>
        <source>From the file</source>
        <translation>文件中的内容</translation>
    </message>
    <message>
        <source>Error: {text}</source>
        <translation>错误：{text}</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>提示：{text}</translation>
    </message>
    <message>
        <source>Fields not imported: {fields}</source>
        <translation>未识别、不导入的字段：{fields}</translation>
    </message>
    <message>
        <source>The file agrees with the database: nothing to import.</source>
        <translation>文件与数据库中的记录一致，没有需要导入的改动。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Village Cadre Records</source>
        <translation>村干部档案管理</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>行政区划</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>Connect to office &amp;server…</source>
        <translation>连接到单位服务器(&amp;S)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>New &amp;demo database…</source>
        <translation>新建演示数据库(&amp;D)…</translation>
    </message>
    <message>
        <source>O&amp;ffice name…</source>
        <translation>本单位名称(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Import from Excel…</source>
        <translation>从 Excel 导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import p&amp;hotos…</source>
        <translation>批量导入照片(&amp;H)…</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>E&amp;xport sync package…</source>
        <translation>导出同步包(&amp;X)…</translation>
    </message>
    <message>
        <source>Import s&amp;ync package…</source>
        <translation>导入同步包(&amp;Y)…</translation>
    </message>
    <message>
        <source>Sync &amp;conflicts…</source>
        <translation>同步冲突(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Undo last import…</source>
        <translation>撤销最近一次导入(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Sites and key fingerprints…</source>
        <translation>站点与密钥指纹(&amp;S)…</translation>
    </message>
    <message>
        <source>Apply to &amp;join…</source>
        <translation>申请加入(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Enroll a new site…</source>
        <translation>登记新站点(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Revoke a site…</source>
        <translation>吊销站点(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About vcadre…</source>
        <translation>关于(&amp;A)…</translation>
    </message>
    <message>
        <source>Opening {name} …</source>
        <translation>正在打开 {name} …</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Overview</source>
        <extracomment>The tabs, in order: attribute name → (module, class). Only the shown tab is built when a database opens; the others are built the first time they are shown or asked for, so the window fills sooner (see ``_build_tab``).</extracomment>
        <translation>概览</translation>
    </message>
    <message>
        <source>Reserve cadres</source>
        <translation>后备干部</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Village postings</source>
        <translation>驻村</translation>
    </message>
    <message>
        <source>One shoulder</source>
        <translation>一肩挑</translation>
    </message>
    <message>
        <source>Villages whose Party secretary is also the committee director</source>
        <translation>村党组织书记兼任村（居）民委员会主任的情况</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>Site: {site}</source>
        <translation>站点：{site}</translation>
    </message>
    <message>
        <source>Village Cadre Records — {name}</source>
        <translation>村干部档案管理 — {name}</translation>
    </message>
    <message>
        <source>Import re&amp;gions…</source>
        <translation>导入行政区划(&amp;G)…</translation>
    </message>
    <message>
        <source>{tab}: {n} records</source>
        <translation>{tab}：共 {n} 条</translation>
    </message>
    <message>
        <source>The new database has no townships or villages yet. Import them now from a spreadsheet (code, name, parent code)?</source>
        <translation>新数据库中还没有乡镇和村（社区）。现在从表格（代码、名称、上级代码）导入吗？</translation>
    </message>
    <message>
        <source>{n} photos imported.</source>
        <translation>已导入 {n} 张照片。</translation>
    </message>
    <message>
        <source>The language will change the next time vcadre starts.</source>
        <translation>界面语言将在下次启动本程序时切换。</translation>
    </message>
    <message>
        <source>vcadre {version}
Village cadre records for a county Party organization department.

Database: {path}
Site: {site}</source>
        <translation>村干部档案管理 vcadre {version}
供县委组织部管理村干部、后备干部、培训和驻村工作档案。

数据库：{path}
站点：{site}</translation>
    </message>
    <message>
        <source>About vcadre</source>
        <translation>关于村干部档案管理</translation>
    </message>
</context>
<context>
    <name>MonthDaysModel</name>
    <message>
        <source>Days possible</source>
        <translation>当月在派天数</translation>
    </message>
    <message>
        <source>Days on post</source>
        <translation>驻村天数</translation>
    </message>
    <message>
        <source>Fewer than {n} days on post</source>
        <translation>驻村少于 {n} 天</translation>
    </message>
</context>
<context>
    <name>NewPasswordForm</name>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password (at least 8 characters):</source>
        <translation>密码（至少 8 个字符）：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>NewPersonDialog</name>
    <message>
        <source>New person</source>
        <translation>新增人员</translation>
    </message>
</context>
<context>
    <name>OtherPostsDialog</name>
    <message>
        <source>Other posts elected — {village}</source>
        <translation>其他当选职务 — {village}</translation>
    </message>
    <message>
        <source>Add person…</source>
        <translation>添加人员…</translation>
    </message>
    <message>
        <source>Take out</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>Save chart</source>
        <extracomment>Values of ``headline().as_dict()`` that are not figures. Figure cards in rows, under a section title (a key of ``labels.headline_label``).</extracomment>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Loading charts…</source>
        <translation>正在加载图表…</translation>
    </message>
    <message>
        <source>Team structure…</source>
        <translation>班子结构分析…</translation>
    </message>
    <message>
        <source>The make-up of the village teams by township, the election targets, two days compared; Excel and PDF</source>
        <translation>按乡镇统计村“两委”班子结构、核查换届目标、对比两个日期；可导出 Excel 和 PDF</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Cadres still stationed after their term ended: {n}</source>
        <translation>驻村期满仍在岗：{n} 人</translation>
    </message>
    <message>
        <source>Villages without a Party secretary: {n}</source>
        <translation>村党组织书记空缺的村：{n} 个</translation>
    </message>
    <message>
        <source>Villages needing a first secretary with none on post: {n}</source>
        <translation>需派驻第一书记但无人在岗的村：{n} 个</translation>
    </message>
    <message>
        <source>Overview — {region}</source>
        <translation>概览 — {region}</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Figures as of {date}</source>
        <translation>统计截至 {date}</translation>
    </message>
    <message>
        <source>Reserve pool gap alerts</source>
        <translation>后备干部缺口预警</translation>
    </message>
    <message>
        <source>Village posting alerts (details on the postings tab)</source>
        <translation>驻村提醒（详见“驻村”页）</translation>
    </message>
    <message>
        <source>Reserve pool by source</source>
        <translation>后备干部来源构成</translation>
    </message>
    <message>
        <source>Reserve pool by stage</source>
        <translation>后备干部培养阶段</translation>
    </message>
    <message>
        <source>Persons trained per year</source>
        <translation>历年参训人数</translation>
    </message>
    <message>
        <source>One-shoulder rate by township</source>
        <translation>各乡镇（街道）“一肩挑”比例</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <source>Agree the passphrase with the other office in person or by phone, never on the USB stick.</source>
        <translation>口令请当面或电话与对方约定，切勿与同步包放在同一个U盘上。</translation>
    </message>
    <message>
        <source>You may leave it empty: the package is encrypted to the keys of the sites it is for, so no passphrase has to travel. A passphrase adds a second lock: agree it with the other office in person or by phone, never on the USB stick.</source>
        <translation>可以不填：同步包已用接收站点各自的密钥加密，不需要传递口令。口令是另加的一把锁：请当面或电话与对方约定，不要写在 U 盘上。</translation>
    </message>
    <message>
        <source>The passphrase must not be empty.</source>
        <translation>口令不能为空。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>PdfPages</name>
    <message>
        <source>Page {n}</source>
        <extracomment>Rendered pages kept in memory (an A4 page 800 px wide is ~2.3 MB). PDFium is not thread-safe: the preview (GUI thread) and printing (worker) take turns. pages rasterised so far (tests check that not all were)</extracomment>
        <translation>第 {n} 页</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Smaller</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页 / 共 {pages} 页</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
</context>
<context>
    <name>PeersModel</name>
    <message>
        <source>Root site</source>
        <translation>根站点</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>Enrolled, may enroll others</source>
        <translation>已登记，可登记其他站点</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>Not enrolled (fingerprint checked)</source>
        <translation>未登记（已核对指纹）</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>This site</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未导入</translation>
    </message>
    <message>
        <source>Site id: {id}</source>
        <translation>站点编号：{id}</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Key fingerprint</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <source>Last import</source>
        <translation>最近导入</translation>
    </message>
    <message>
        <source>Enrolled by</source>
        <translation>登记者</translation>
    </message>
</context>
<context>
    <name>PeoplePickerDialog</name>
    <message>
        <source>Add trainees</source>
        <extracomment>Hits shown; when more match the dialog says so (``forms.more_hits_text``).</extracomment>
        <translation>添加学员</translation>
    </message>
    <message>
        <source>Name, pinyin initials or part of the ID number</source>
        <translation>姓名、拼音首字母或身份证号码片段</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Village (community)</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Add selected ↓</source>
        <translation>加入所选 ↓</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从名单移除</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>报名</translation>
    </message>
    <message>
        <source>{n} chosen</source>
        <translation>已选 {n} 人</translation>
    </message>
</context>
<context>
    <name>PersonCardDialog</name>
    <message>
        <source>Person card — {name}</source>
        <translation>人员卡片 — {name}</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>显示 pressed: ID number and phone in full (audited at each read)</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Show ID number and phone</source>
        <translation>显示完整证件号和电话</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>None on record.</source>
        <translation>无记录。</translation>
    </message>
    <message>
        <source>Reserve pool and cultivation history</source>
        <translation>后备干部库及培养经历</translation>
    </message>
    <message>
        <source>Not in the reserve pool.</source>
        <translation>未进入后备干部库。</translation>
    </message>
    <message>
        <source>Annual assessments</source>
        <translation>年度考核</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训情况</translation>
    </message>
    <message>
        <source>Village posts</source>
        <translation>村级任职</translation>
    </message>
    <message>
        <source>Village postings</source>
        <translation>驻村情况</translation>
    </message>
    <message>
        <source>Hours per year</source>
        <translation>各年度学时</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>mentor: {name}</source>
        <translation>培养联系人：{name}</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>培训班</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结业情况</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source>{year}: {hours} h</source>
        <translation>{year}年 {hours} 学时</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <source>in office</source>
        <translation>在任</translation>
    </message>
    <message>
        <source>Dispatching unit</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>驻村职务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PersonDocumentsBar</name>
    <message>
        <source>Full ID number</source>
        <translation>完整身份证号码</translation>
    </message>
    <message>
        <source>Print the full ID number on the record form (masked by default)</source>
        <translation>人员信息表上打印完整身份证号码（默认脱敏）</translation>
    </message>
    <message>
        <source>Print record form…</source>
        <translation>打印人员信息表…</translation>
    </message>
    <message>
        <source>Record form PDF…</source>
        <translation>人员信息表 PDF…</translation>
    </message>
    <message>
        <source>Appointment form PDF…</source>
        <translation>任免审批表 PDF…</translation>
    </message>
    <message>
        <source>Export .lrmx…</source>
        <translation>导出任免审批表（.lrmx）…</translation>
    </message>
    <message>
        <source>Import .lrmx…</source>
        <translation>导入任免审批表（.lrmx）…</translation>
    </message>
    <message>
        <source>Photo…</source>
        <translation>照片…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <source>Record form — print preview</source>
        <translation>人员信息表 — 打印预览</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Saved: {path}. It holds the full ID number: keep it safe.</source>
        <translation>已保存：{path}。文件中含完整身份证号码，请妥善保管。</translation>
    </message>
    <message>
        <source>Remove this person&apos;s photo?</source>
        <translation>删除此人的照片吗？</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>No one chosen</source>
        <translation>未选择人员</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
</context>
<context>
    <name>PersonRecordDialog</name>
    <message>
        <source>Training record — {name}</source>
        <translation>培训档案 — {name}</translation>
    </message>
    <message>
        <source>{year}: {classes} courses, {hours} hours</source>
        <translation>{year} 年：{classes} 个班次，{hours} 学时</translation>
    </message>
    <message>
        <source>No training on record.</source>
        <translation>暂无培训记录。</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Course title</source>
        <translation>培训班名称</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>培训日期</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结业情况</translation>
    </message>
    <message>
        <source>Certificate number</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <source> (revoked)</source>
        <translation>（已撤销）</translation>
    </message>
</context>
<context>
    <name>PersonSearchDialog</name>
    <message>
        <source>Choose a person</source>
        <extracomment>Hits shown; when more match the dialog says so (a broad search matches most of a province).</extracomment>
        <translation>选择人员</translation>
    </message>
    <message>
        <source>Name, pinyin initials or part of the ID number</source>
        <translation>姓名、拼音首字母或身份证号的一部分</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Village (community)</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Only the first {n} matches are shown; more match: type more to narrow the search.</source>
        <translation>只显示了前 {n} 个结果，还有更多人符合：请再多输入几个字缩小范围。</translation>
    </message>
</context>
<context>
    <name>PhotoFolderDialog</name>
    <message>
        <source>Import photos from {folder}</source>
        <translation>从“{folder}”批量导入照片</translation>
    </message>
    <message>
        <source>Replaces the photo</source>
        <translation>替换原照片</translation>
    </message>
    <message>
        <source>New photo</source>
        <translation>新照片</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结业情况</translation>
    </message>
    <message>
        <source>{files} files: {ok} photos can be imported, {skipped} are skipped.</source>
        <translation>共 {files} 个文件：可导入 {ok} 张照片，跳过 {skipped} 个。</translation>
    </message>
    <message>
        <source>Import {n} photos</source>
        <translation>导入 {n} 张照片</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Folder of photos named by ID number or name</source>
        <translation>选择照片文件夹（文件名为身份证号码或姓名）</translation>
    </message>
</context>
<context>
    <name>PostsTab</name>
    <message>
        <source>Search by village or township name</source>
        <translation>按村（社区）或乡镇名称查找</translation>
    </message>
    <message>
        <source>&amp;Posts of this village…</source>
        <translation>本村任职记录(&amp;P)…</translation>
    </message>
    <message>
        <source>Posts of this village</source>
        <translation>本村任职记录</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>新增任职</translation>
    </message>
    <message>
        <source>Show posts, status and rates as they were on this day</source>
        <translation>显示截至该日的任职、“一肩挑”情况和比例</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>As of:</source>
        <translation>截至：</translation>
    </message>
    <message>
        <source>One-shoulder plan…</source>
        <translation>“一肩挑”推进计划…</translation>
    </message>
    <message>
        <source>Why this village is not one-shoulder yet, the plan, the target date and the candidate</source>
        <translation>该村未实现“一肩挑”的原因、推进措施、计划实现时间和拟任人选</translation>
    </message>
    <message>
        <source>General election…</source>
        <translation>换届…</translation>
    </message>
    <message>
        <source>Close all posts of the township chosen on the left (or of the county) at the election day and enter the results</source>
        <translation>在换届日结束左侧所选乡镇（或全县）的所有任职，并逐村录入换届结果</translation>
    </message>
    <message>
        <source>One-shoulder plan</source>
        <translation>“一肩挑”推进计划</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RatesPanel</name>
    <message>
        <source>Township</source>
        <extracomment>Emitted after the figures were reloaded (tests wait for it). The chart compares a township with the rest of its county: (Rates, township id).</extracomment>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Villages</source>
        <translation>村（社区）数</translation>
    </message>
    <message>
        <source>One-shoulder</source>
        <translation>“一肩挑”村数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Rates by township</source>
        <translation>按乡镇统计</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>柱状图</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>变化趋势</translation>
    </message>
    <message>
        <source>Computing the one-shoulder rates…</source>
        <translation>正在统计“一肩挑”比例…</translation>
    </message>
    <message>
        <source>One-shoulder villages on {day}: {k} of {n} ({rate})</source>
        <translation>截至 {day}，“一肩挑”村 {k} 个，共 {n} 个村（社区），比例 {rate}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Edit record</source>
        <translation>编辑记录</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <source>:</source>
        <translation>：</translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation>带 * 的为必填项。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>18 characters; birth date and gender are filled in from it</source>
        <translation>18 位；出生日期和性别将据此自动填写</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>This is the recovery key of “{name}”. It opens the database and its backups when every administrator password is lost. It is shown only now: print it or write it down, and keep it in the safe. Whoever has it and the file can read everything.</source>
        <translation>这是数据库“{name}”的恢复密钥。所有管理员密码都遗失时，可以用它打开数据库及其备份。它只显示这一次：请打印或抄写下来，锁进保险柜。任何人拿到它和数据库文件，就能读取全部内容。</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>I have printed or written down the recovery key</source>
        <translation>我已打印或抄写恢复密钥</translation>
    </message>
    <message>
        <source>vcadre recovery key</source>
        <translation>村干部档案管理 恢复密钥</translation>
    </message>
    <message>
        <source>Database: {name}</source>
        <translation>数据库：{name}</translation>
    </message>
    <message>
        <source>Keep this page in the safe. To set a new administrator password with it: vcadre recover --db FILE --recovery-key-file KEYFILE --password-file NEWPASSWORD</source>
        <translation>请把本页锁进保险柜。用它重设管理员密码：vcadre recover --db 数据库文件 --recovery-key-file 恢复密钥文件 --password-file 新密码文件</translation>
    </message>
</context>
<context>
    <name>RecycleBinDialog</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>所在地</translation>
    </message>
    <message>
        <source>Deleted on</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Deleted at site</source>
        <translation>删除站点</translation>
    </message>
    <message>
        <source>Restore {what}</source>
        <translation>恢复{what}</translation>
    </message>
    <message>
        <source>with the deleted {what} it belongs to</source>
        <translation>连同已删除的所属{what}一起恢复</translation>
    </message>
    <message>
        <source>… {n} records in all</source>
        <translation>……共 {n} 条记录</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Also restore the {n} records deleted together with them</source>
        <translation>同时恢复与其一起删除的 {n} 条记录</translation>
    </message>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Search by name, title or place</source>
        <translation>按姓名、名称或所在地查找</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Deleted records are kept here until restored. Restoring is a change like any other: it reaches the other offices with the next sync package, and Ctrl+Z undoes it.</source>
        <translation>删除的记录保存在这里，随时可以恢复。恢复与其他修改一样，会随下一次同步包传到其他单位，也可以按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>{n} deleted records</source>
        <translation>{n} 条已删除的记录</translation>
    </message>
    <message>
        <source>Restored {n} records; press Ctrl+Z to undo.</source>
        <translation>已恢复 {n} 条记录，可按 Ctrl+Z 撤销。</translation>
    </message>
</context>
<context>
    <name>RegionTreeModel</name>
    <message>
        <source>Region</source>
        <extracomment>Role of the region id (str) in ``data()``. Role of the level (&quot;county&quot;, &quot;township&quot;, &quot;village&quot;). None until fetched.</extracomment>
        <translation>行政区划</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Annual review of reserve cadres</source>
        <extracomment>The year and filter the sheet shows: the pending results belong to this year, whatever the year box says while the user is asked whether to discard them.</extracomment>
        <translation>后备干部年度考核</translation>
    </message>
    <message>
        <source>Only not yet reviewed</source>
        <translation>只显示未考核</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <source>(clear)</source>
        <translation>（清除）</translation>
    </message>
    <message>
        <source>Set for selected</source>
        <translation>设为所选人员</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>考核结果：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Discard the results not saved yet?</source>
        <translation>放弃尚未保存的考核结果？</translation>
    </message>
    <message>
        <source>{n} listed; {missing} not yet reviewed for {year}</source>
        <translation>列出 {n} 人；{year} 年尚未考核 {missing} 人</translation>
    </message>
    <message>
        <source>Saving the review results…</source>
        <translation>正在保存考核结果…</translation>
    </message>
    <message>
        <source>The results set here are not saved. Close and discard them?</source>
        <translation>这里设置的考核结果尚未保存。关闭并放弃吗？</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>Result</source>
        <extracomment>Rows read from the database at once when the view shows a row not yet read. Pages kept; older ones are dropped (a province sheet never sits in memory whole). The result each pending row showed before this sheet set it: the version its save is checked against (optimistic locking, ``services.edit_lock``).</extracomment>
        <translation>考核结果</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>未考核</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke a site</source>
        <translation>吊销站点</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>站点：</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <source>For a lost, stolen or retired computer. After revoking, this computer refuses every later package of the site; every package this computer exports carries the revocation, and each site that imports one refuses the revoked site&apos;s packages too. A revocation cannot be undone: if the computer is found, it starts a new database and applies to join again. Export packages to the other sites soon so that the revocation reaches them.</source>
        <translation>用于丢失、被盗或停用的电脑。吊销后，本机拒绝该站点此后的所有同步包；本机导出的每个同步包都带着这一吊销，其他站点导入后也一律拒绝被吊销站点的同步包。吊销不能撤回：电脑即使找回，也须以新的数据库重新申请加入。请尽快向其他站点导出同步包，让吊销送达各站点。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>Type the site&apos;s name “{name}” to confirm:</source>
        <translation>请输入站点名称“{name}”以确认：</translation>
    </message>
    <message>
        <source>There is no enrolled site to revoke.</source>
        <translation>没有可以吊销的已登记站点。</translation>
    </message>
    <message>
        <source>Revoked the site “{name}” (key fingerprint {fp}). Its packages are refused here from now on, and at every site once a package exported from here has reached it.</source>
        <translation>已吊销站点“{name}”（密钥指纹 {fp}）。本机此后拒绝其同步包；本机导出的同步包送达各站点后，各站点也拒绝其同步包。</translation>
    </message>
    <message>
        <source>Could not revoke the site “{name}”:
{reason}</source>
        <translation>未能吊销站点“{name}”：
{reason}</translation>
    </message>
    <message>
        <source>Revoking the site…</source>
        <translation>正在吊销站点…</translation>
    </message>
</context>
<context>
    <name>RosterActions</name>
    <message>
        <source>Print / Export</source>
        <translation>打印/导出</translation>
    </message>
    <message>
        <source>Print or export the list as shown (same filters and order)</source>
        <translation>按当前列表（相同筛选和排序）打印或导出</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Class list of the selected course…</source>
        <translation>所选培训班学员花名册…</translation>
    </message>
    <message>
        <source>Sign-in sheet of the selected course…</source>
        <translation>所选培训班签到表…</translation>
    </message>
    <message>
        <source>Print full ID numbers</source>
        <translation>打印完整身份证号</translation>
    </message>
    <message>
        <source>ID numbers are masked unless this is ticked</source>
        <translation>不勾选时身份证号脱敏打印</translation>
    </message>
    <message>
        <source>Save roster</source>
        <translation>保存花名册</translation>
    </message>
    <message>
        <source>Save roster — contains personal data (names, ID numbers)</source>
        <translation>保存花名册 —— 含个人信息（姓名、身份证号）</translation>
    </message>
    <message>
        <source>Saved “{title}” ({rows} rows, {pages} pages) to {path}.</source>
        <translation>已保存“{title}”（{rows} 行，{pages} 页）：{path}</translation>
    </message>
    <message>
        <source>Saved “{title}” ({rows} rows) to {path}.</source>
        <translation>已保存“{title}”（{rows} 行）：{path}</translation>
    </message>
    <message>
        <source>Preparing the roster…</source>
        <translation>正在生成花名册…</translation>
    </message>
</context>
<context>
    <name>RotationWizard</name>
    <message>
        <source>Rotate village postings</source>
        <translation>驻村轮换</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Nothing was written:</source>
        <translation>未写入任何数据：</translation>
    </message>
</context>
<context>
    <name>SecurityMenu</name>
    <message>
        <source>&amp;Back up to…</source>
        <translation>备份到(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>用户管理(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Audit trail…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Idle lock time…</source>
        <translation>空闲锁定时间(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Protect this database (administrator, encryption)…</source>
        <translation>保护此数据库（设置管理员并加密）(&amp;P)…</translation>
    </message>
    <message>
        <source>Logged in: {user} ({role})</source>
        <translation>当前用户：{user}（{role}）</translation>
    </message>
    <message>
        <source>No user accounts</source>
        <translation>未设置用户账户</translation>
    </message>
    <message>
        <source>The password has been changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Idle lock</source>
        <translation>空闲锁定</translation>
    </message>
    <message>
        <source>Lock the window after this many minutes without use (0: never):</source>
        <translation>无操作多少分钟后锁定窗口（0 表示不锁定）：</translation>
    </message>
    <message>
        <source>Back up to folder (e.g. a USB stick)</source>
        <translation>备份到文件夹（例如 U 盘）</translation>
    </message>
    <message>
        <source>Backed up to {path}.</source>
        <translation>已备份到 {path}。</translation>
    </message>
    <message>
        <source>The copy is encrypted: it opens with a user&apos;s password (keep the .keys file beside it) or with the recovery key.</source>
        <translation>备份已加密：可用用户密码打开（请让同名的 .keys 密钥文件留在它旁边），或用恢复密钥打开。</translation>
    </message>
    <message>
        <source>This database is not encrypted: so is the copy. Protect it from the Account menu.</source>
        <translation>此数据库未加密，备份也未加密。请在“账户”菜单中保护此数据库。</translation>
    </message>
</context>
<context>
    <name>ServerConnectDialog</name>
    <message>
        <source>Connect to the office server</source>
        <translation>连接到单位服务器</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10 or zzb-server</source>
        <translation>如 192.168.1.10 或 zzb-server</translation>
    </message>
    <message>
        <source>e.g. vcadre</source>
        <translation>如 vcadre</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Database name:</source>
        <translation>数据库名：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>The connection is encrypted (TLS) whenever the server offers it. The password is not saved: it is asked each time. The server&apos;s administrator gives you these details (see the README, 单位服务器).</source>
        <translation>只要服务器支持，连接就会加密（TLS）。密码不会保存，每次连接时输入。以上信息由服务器管理员提供（见说明文档“单位服务器”一节）。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>database name</source>
        <translation>数据库名</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Please fill in: {fields}.</source>
        <translation>请填写：{fields}。</translation>
    </message>
    <message>
        <source>、</source>
        <translation>、</translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
</context>
<context>
    <name>ShortHoursDialog</name>
    <message>
        <source>Training hours short of the yearly target</source>
        <translation>年度培训学时不足人员</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> 学时</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Fewer than</source>
        <translation>学时少于</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Township (subdistrict)</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Village (community)</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>{n} people have fewer than {hours} hours in {year}.</source>
        <extracomment>Rows shown at most (the count says how many there are).</extracomment>
        <translation>{year} 年培训学时少于 {hours} 的共 {n} 人。</translation>
    </message>
</context>
<context>
    <name>SiteNameDialog</name>
    <message>
        <source>Office name</source>
        <translation>本单位名称</translation>
    </message>
    <message>
        <source>e.g. 龙场镇组织办</source>
        <translation>例如：龙场镇组织办</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Office name:</source>
        <translation>本单位名称：</translation>
    </message>
</context>
<context>
    <name>SitesDialog</name>
    <message>
        <source>Sync sites and key fingerprints</source>
        <translation>同步站点与密钥指纹</translation>
    </message>
    <message>
        <source>This site</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Key fingerprint:</source>
        <translation>密钥指纹：</translation>
    </message>
    <message>
        <source>Read the fingerprint aloud group by group (four characters each: digits 0–9 and letters A–F); the other office compares it with what its screen shows. Only a fingerprint compared this way proves that a file really comes from this computer.</source>
        <translation>核对时一组一组地念密钥指纹（每组四个字符：数字 0–9 和字母 A–F），对方与其屏幕上显示的逐组比对。只有这样核对过指纹，才能证明文件确实来自本机。</translation>
    </message>
    <message>
        <source>Known sites</source>
        <translation>站点列表</translation>
    </message>
    <message>
        <source>No other site is known yet: sites appear here once enrolled or once a package of theirs was imported.</source>
        <translation>尚无其他站点：站点登记后或导入过其同步包后显示在这里。</translation>
    </message>
    <message>
        <source>Root site: the county organization department, which enrolls the others. Enrolled: its packages are accepted; “may enroll others”: the root allowed it to enroll sites too (a township office enrolling its villages&apos; computers). Revoked: its packages are refused everywhere the revocation has arrived.</source>
        <translation>根站点：县委组织部，负责登记其他站点。已登记：接受其同步包；“可登记其他站点”：根站点授权它也可以登记站点（例如乡镇组织办登记本乡镇各村的电脑）。已吊销：吊销送达的各站点均拒绝其同步包。</translation>
    </message>
    <message>
        <source>Apply to join…</source>
        <translation>申请加入…</translation>
    </message>
    <message>
        <source>Enroll a new site…</source>
        <translation>登记新站点…</translation>
    </message>
    <message>
        <source>Revoke a site…</source>
        <translation>吊销站点…</translation>
    </message>
    <message>
        <source>This database was copied from another computer (or restored from an old backup): it must apply to join as a new site before it can export.</source>
        <translation>此数据库是从其他电脑复制来的（或由旧备份恢复）：须以新站点申请加入、经登记后才能导出同步包。</translation>
    </message>
    <message>
        <source>Root site: this computer enrolls the other sites and accepts packages only from them.</source>
        <translation>根站点：本机负责登记其他站点，只接受已登记站点的同步包。</translation>
    </message>
    <message>
        <source>Enrolled by {root}, which allowed this site to enroll other sites: packages are accepted only from {root} and the sites enrolled by it or by a site it allowed to.</source>
        <translation>已由“{root}”登记加入，并获其授权登记其他站点：只接受“{root}”及其登记（或经其授权登记）的站点的同步包。</translation>
    </message>
    <message>
        <source>Enrolled by {root}: packages are accepted only from {root} and the sites it enrolled.</source>
        <translation>已由“{root}”登记加入：只接受“{root}”及其登记的站点的同步包。</translation>
    </message>
    <message>
        <source>Not in an enrolled network yet. A township applies to join; the county enrolls sites (its first enrollment makes it the root).</source>
        <translation>尚未加入登记网络。乡镇站点请“申请加入”；县委组织部“登记新站点”（第一次登记后即成为根站点）。</translation>
    </message>
</context>
<context>
    <name>StructureDialog</name>
    <message>
        <source>Team structure of the village committees</source>
        <translation>村“两委”班子结构分析</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比日期</translation>
    </message>
    <message>
        <source>Whole county</source>
        <translation>全县</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Party secretaries</source>
        <translation>村党组织书记</translation>
    </message>
    <message>
        <source>Committee directors</source>
        <translation>村（居）委会主任</translation>
    </message>
    <message>
        <source>All members</source>
        <translation>“两委”成员</translation>
    </message>
    <message>
        <source>Election targets</source>
        <translation>换届目标核查</translation>
    </message>
    <message>
        <source>Villages missing a target</source>
        <translation>未达标村名单</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The comparison date is the same as the report date.</source>
        <translation>对比日期与截至日期相同，请换一个日期。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>{before} compared with {after}: each cell is before → after (change).</source>
        <translation>{before} 与 {after} 对比：每格为“前 → 后（增减）”。</translation>
    </message>
    <message>
        <source>As of {date}: {villages} villages, {members} members of the two committees, {misses} villages missing a target.</source>
        <translation>截至 {date}：{villages} 个村（社区），“两委”成员 {members} 人，{misses} 个村未达到换届目标。</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未达标项目</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>书记学历例外说明</translation>
    </message>
    <message>
        <source>Export the team-structure report</source>
        <translation>导出班子结构分析</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
</context>
<context>
    <name>SuccessorPage</name>
    <message>
        <source>Successors</source>
        <translation>接任人员</translation>
    </message>
    <message>
        <source>Type each successor&apos;s name and dispatching unit, or choose someone already on record. Leave the name empty to leave the post vacant.</source>
        <translation>逐村填写接任人员的姓名和派出单位，或选择已在册人员；姓名留空表示该岗位暂时空缺。</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Leaving</source>
        <translation>离岗人员</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>驻村职务</translation>
    </message>
    <message>
        <source>Successor</source>
        <translation>接任人员</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Dispatching unit</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Post in own unit</source>
        <translation>原单位职务</translation>
    </message>
    <message>
        <source>Hand-over note</source>
        <translation>交接说明</translation>
    </message>
    <message>
        <source>Choose someone on record…</source>
        <translation>选择在册人员…</translation>
    </message>
    <message>
        <source>Add another person for this village</source>
        <translation>本村再加一人</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除此行</translation>
    </message>
    <message>
        <source>(vacant)</source>
        <extracomment>row → person id chosen from the records (rows typed in have none)</extracomment>
        <translation>（空缺）</translation>
    </message>
    <message>
        <source>Chosen from the records</source>
        <translation>从在册人员中选择</translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <source>Sync package written: {path}
{n} changes ({kind}).</source>
        <translation>已写入同步包：{path}
共 {n} 条变更（{kind}）。</translation>
    </message>
    <message>
        <source>full</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>changes since the last acknowledgement</source>
        <translation>对方上次确认之后的变更</translation>
    </message>
    <message>
        <source>Only these sites can open it: {names}.</source>
        <translation>只有这些站点能打开：{names}。</translation>
    </message>
    <message>
        <source>Only the passphrase protects it.</source>
        <translation>此同步包只由口令保护。</translation>
    </message>
    <message>
        <source>The sync package {path} was not written:
{reason}</source>
        <translation>未能写出同步包“{path}”：
{reason}</translation>
    </message>
    <message>
        <source>Export cancelled: no sync package was written.</source>
        <translation>已取消导出：没有写入同步包。</translation>
    </message>
    <message>
        <source>Exporting sync package…</source>
        <translation>正在导出同步包…</translation>
    </message>
    <message>
        <source>Import sync package</source>
        <translation>导入同步包</translation>
    </message>
    <message>
        <source>This package from {site} was imported before; nothing changed.</source>
        <translation>来自“{site}”的这个同步包以前已导入过，未作任何改动。</translation>
    </message>
    <message>
        <source>Not imported: the package from {site} was not merged; nothing was written.</source>
        <translation>未导入：“{site}”的同步包没有合并，未作任何改动。</translation>
    </message>
    <message>
        <source>Checking the sync package…</source>
        <translation>正在核对同步包…</translation>
    </message>
    <message>
        <source>Imported the package from {site}: {added} records added, {updated} updated, {unchanged} changes already known, {conflicts} conflicts.</source>
        <translation>已导入来自“{site}”的同步包：新增 {added} 条记录，更新 {updated} 条，{unchanged} 条变更此前已有，{conflicts} 个冲突。</translation>
    </message>
    <message>
        <source>The import of the package from {site} was not undone:
{reason}</source>
        <translation>未能撤销“{site}”同步包的导入：
{reason}</translation>
    </message>
    <message>
        <source>Only the root site (the county organization department) and the sites it allowed to enroll others enroll new sites; this computer has joined {root} without that right.</source>
        <translation>只有根站点（县委组织部）和经它授权的站点能登记新站点；本机已加入“{root}”，但未获此授权。</translation>
    </message>
    <message>
        <source>A copied database must apply to join as a new site first; it cannot enroll others.</source>
        <translation>复制来的数据库须先以新站点申请加入，不能登记其他站点。</translation>
    </message>
    <message>
        <source>Only the root site (the county organization department) can revoke a site.</source>
        <translation>只有根站点（县委组织部）能吊销站点。</translation>
    </message>
    <message>
        <source>There is no enrolled site to revoke.</source>
        <translation>没有可以吊销的已登记站点。</translation>
    </message>
    <message>
        <source>Importing sync package…</source>
        <translation>正在导入同步包…</translation>
    </message>
    <message>
        <source>First package from {site}. Its key fingerprint is

{fp}

Have the other office read its fingerprint aloud (File → Sync → Sites and key fingerprints) and compare every group. Import only if they match: nothing has been written yet.</source>
        <translation>这是“{site}”的第一个同步包。其密钥指纹为

{fp}

请对方念出其密钥指纹（文件 → 同步 → 站点与密钥指纹），逐组核对。完全一致才导入；目前尚未写入任何数据。

指纹一致吗？</translation>
    </message>
    <message>
        <source>The sync package {path} was not imported:
{reason}</source>
        <translation>同步包“{path}”未导入：
{reason}</translation>
    </message>
    <message>
        <source>No sync package has been imported into this database.</source>
        <translation>此数据库还没有导入过同步包。</translation>
    </message>
    <message>
        <source>Undo the import of the package from {site} ({when})? The database goes back to the backup taken just before it; changes made here since then are lost too.</source>
        <translation>撤销来自“{site}”的同步包的导入（{when}）吗？数据库将恢复为导入前的备份，此后在本机所做的修改也会一并丢失。</translation>
    </message>
    <message>
        <source>The import was undone.</source>
        <translation>已撤销这次导入。</translation>
    </message>
    <message>
        <source>Undoing the last import…</source>
        <translation>正在撤销最近一次导入…</translation>
    </message>
</context>
<context>
    <name>SyncProgress</name>
    <message>
        <source>Signing this site&apos;s new changes: {done} of {total}…</source>
        <translation>正在为本机的新变更签名：{done} / {total}…</translation>
    </message>
    <message>
        <source>Choosing the changes to send: {done} of {total} looked at…</source>
        <translation>正在挑选要发送的变更：已查看 {done} / {total}…</translation>
    </message>
    <message>
        <source>Writing the changes into the package: {done} of {total}…</source>
        <translation>正在把变更写入同步包：{done} / {total}…</translation>
    </message>
    <message>
        <source>Saving the file: {done_mb} of {total_mb} MB…</source>
        <translation>正在保存文件：{done_mb} / {total_mb} MB…</translation>
    </message>
</context>
<context>
    <name>SyncTables</name>
    <message>
        <source>Region</source>
        <extracomment>Record kinds as the conflicts list names them.</extracomment>
        <translation>行政区划</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Reserve entry</source>
        <translation>后备干部</translation>
    </message>
    <message>
        <source>Stage change</source>
        <translation>阶段变动</translation>
    </message>
    <message>
        <source>Yearly assessment</source>
        <translation>年度考核</translation>
    </message>
    <message>
        <source>Village post</source>
        <translation>村干部任职</translation>
    </message>
    <message>
        <source>Training class</source>
        <translation>培训班</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Rotation batch</source>
        <translation>轮换批次</translation>
    </message>
    <message>
        <source>Village posting</source>
        <translation>驻村</translation>
    </message>
    <message>
        <source>Days on post</source>
        <translation>驻村天数</translation>
    </message>
    <message>
        <source>Household visit</source>
        <translation>走访</translation>
    </message>
</context>
<context>
    <name>TalentTab</name>
    <message>
        <source>Add to the reserve pool</source>
        <translation>新增后备干部</translation>
    </message>
    <message>
        <source>Edit reserve pool entry</source>
        <translation>编辑后备干部</translation>
    </message>
    <message>
        <source>Party member: all</source>
        <translation>是否党员：全部</translation>
    </message>
    <message>
        <source>Party members</source>
        <translation>党员</translation>
    </message>
    <message>
        <source>Not Party members</source>
        <translation>非党员</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Person card</source>
        <translation>人员卡片</translation>
    </message>
    <message>
        <source>Chain move</source>
        <translation>培养链条</translation>
    </message>
    <message>
        <source>Promote…</source>
        <translation>晋升…</translation>
    </message>
    <message>
        <source>Move back…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Exit the pool…</source>
        <translation>退出…</translation>
    </message>
    <message>
        <source>Re-enter the pool…</source>
        <translation>重新入库…</translation>
    </message>
    <message>
        <source>Annual review…</source>
        <translation>年度考核…</translation>
    </message>
    <message>
        <source>Gap alerts…</source>
        <translation>缺口预警…</translation>
    </message>
    <message>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <source>Save the import template…</source>
        <translation>下载导入模板…</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>Export this list…</source>
        <translation>导出当前列表…</translation>
    </message>
</context>
<context>
    <name>ThresholdsDialog</name>
    <message>
        <source>Village posting alert thresholds</source>
        <translation>驻村提醒设置</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Warn before a term ends:</source>
        <translation>任期届满前提醒：</translation>
    </message>
    <message>
        <source>Minimum days on post a month:</source>
        <translation>每月驻村天数下限：</translation>
    </message>
    <message>
        <source>Check the last full months:</source>
        <translation>检查最近完整月份数：</translation>
    </message>
    <message>
        <source>Default term of a new posting:</source>
        <translation>新派驻人员默认任期：</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TrainingClassDialog</name>
    <message>
        <source>{kind} · {start} to {end} · {place} · {hours} hours · {organizer}</source>
        <translation>{kind} · {start} 至 {end} · {place} · {hours} 学时 · {organizer}</translation>
    </message>
    <message>
        <source>Trainees</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>结业证书</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TrainingSettingsDialog</name>
    <message>
        <source>Training settings</source>
        <translation>培训设置</translation>
    </message>
    <message>
        <source>A4 landscape (plain paper)</source>
        <translation>A4 横向（普通纸）</translation>
    </message>
    <message>
        <source>Certificate insert (for a pre-printed cover)</source>
        <translation>证书内芯（套入证书外壳）</translation>
    </message>
    <message>
        <source>Print the holder&apos;s photo on certificates</source>
        <translation>证书上印持证人照片</translation>
    </message>
    <message>
        <source>Placeholders: {county} county short name, {year} year, {class} course number in the year, {seq} certificate number in the course; e.g. {class:03d} pads to 3 digits.</source>
        <translation>占位符：{county} 县（市、区）简称，{year} 年份，{class} 当年班次号，{seq} 班内证书序号；如 {class:03d} 表示补足 3 位。</translation>
    </message>
    <message>
        <source>Certificate number pattern</source>
        <translation>证书编号格式</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>County short name</source>
        <translation>县（市、区）简称</translation>
    </message>
    <message>
        <source>Completion needs at least</source>
        <translation>结业所需学时比例不低于</translation>
    </message>
    <message>
        <source>Yearly hours target</source>
        <translation>年度学时要求</translation>
    </message>
    <message>
        <source>Certificate layout</source>
        <translation>证书版式</translation>
    </message>
    <message>
        <source>Insert size (width × height)</source>
        <translation>内芯尺寸（宽 × 高）</translation>
    </message>
</context>
<context>
    <name>TrainingTab</name>
    <message>
        <source>&amp;Trainees, attendance and certificates…</source>
        <translation>学员、签到与证书(&amp;T)…</translation>
    </message>
    <message>
        <source>Trainees, attendance, certificates…</source>
        <translation>学员、签到与证书…</translation>
    </message>
    <message>
        <source>Open the selected course (Ctrl+T)</source>
        <translation>打开所选培训班（Ctrl+T）</translation>
    </message>
    <message>
        <source>Hours report…</source>
        <translation>学时不足统计…</translation>
    </message>
    <message>
        <source>People with fewer training hours this year than required</source>
        <translation>本年度培训学时未达要求的人员</translation>
    </message>
    <message>
        <source>Verify certificates…</source>
        <translation>证书核验…</translation>
    </message>
    <message>
        <source>Check a certificate by its number or from a scan of its QR code</source>
        <translation>凭编号或扫描证书二维码核验证书真伪</translation>
    </message>
    <message>
        <source>Training settings…</source>
        <translation>培训设置…</translation>
    </message>
    <message>
        <source>Search by course title</source>
        <translation>按培训班名称查找</translation>
    </message>
    <message>
        <source>New training course</source>
        <translation>新增培训班</translation>
    </message>
    <message>
        <source>Edit training course</source>
        <translation>编辑培训班</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>新增用户…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重设密码…</translation>
    </message>
    <message>
        <source>Disable / enable</source>
        <translation>停用/启用</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>修改角色</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未登录</translation>
    </message>
</context>
<context>
    <name>VillageHistoryDialog</name>
    <message>
        <source>A first secretary must be sent to this village</source>
        <translation>该村（社区）应选派第一书记</translation>
    </message>
    <message>
        <source>Villages so designated with no first secretary on post are listed in the alerts.</source>
        <translation>已勾选且无在岗第一书记的村（社区）会列入驻村提醒。</translation>
    </message>
    <message>
        <source>Posting history — {village}</source>
        <translation>历任驻村情况 — {village}</translation>
    </message>
    <message>
        <source>{village}: {n} postings</source>
        <translation>{village}：共 {n} 人次</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>驻村职务</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Dispatching unit</source>
        <translation>派出单位（职务）</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>驻村时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访次数</translation>
    </message>
    <message>
        <source>Days on post</source>
        <translation>驻村天数</translation>
    </message>
    <message>
        <source>Hand-over note / reason</source>
        <translation>离岗原因 / 交接说明</translation>
    </message>
    <message>
        <source>(no batch)</source>
        <translation>（未分批次）</translation>
    </message>
    <message>
        <source> (planned)</source>
        <translation>（计划）</translation>
    </message>
    <message>
        <source>No one has been posted to this village yet.</source>
        <translation>该村（社区）尚无驻村记录。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>VillagePicker</name>
    <message>
        <source>Type part of the name</source>
        <extracomment>Item data of a village choice: its text with the pinyin of both names, for the completer.</extracomment>
        <translation>输入名称中的字即可查找</translation>
    </message>
</context>
<context>
    <name>VillagePostsDialog</name>
    <message>
        <source>Village posts — {village}</source>
        <translation>任职记录 — {village}</translation>
    </message>
    <message>
        <source>New post…</source>
        <translation>新增任职…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>(current)</source>
        <translation>（现任）</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>新增任职</translation>
    </message>
    <message>
        <source>Edit post</source>
        <translation>编辑任职</translation>
    </message>
</context>
<context>
    <name>VisitLogDialog</name>
    <message>
        <source>Visits — {name}</source>
        <translation>走访记录 — {name}</translation>
    </message>
    <message>
        <source>{name}, {role} of {township} {village}, since {start}</source>
        <translation>{name}，{township} {village} {role}，{start} 起驻村</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Households or group</source>
        <translation>走访户（组）</translation>
    </message>
    <message>
        <source>Matters raised</source>
        <translation>反映事项</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>办理情况</translation>
    </message>
    <message>
        <source>e.g. group 3, Zhang and 4 other households</source>
        <translation>如：3组 张某某等4户</translation>
    </message>
    <message>
        <source>* Date:</source>
        <translation>* 走访日期：</translation>
    </message>
    <message>
        <source>* Households or group:</source>
        <translation>* 走访户（组）：</translation>
    </message>
    <message>
        <source>Matters raised:</source>
        <translation>反映事项：</translation>
    </message>
    <message>
        <source>Follow-up:</source>
        <translation>办理情况：</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新增走访</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>保存走访</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>删除走访</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{n} visits recorded</source>
        <translation>共 {n} 次走访</translation>
    </message>
    <message>
        <source>Delete this visit?</source>
        <translation>删除这条走访记录吗？</translation>
    </message>
</context>
<context>
    <name>dispatch_alerts</name>
    <message>
        <source>Terms ending within {n} days</source>
        <translation>任期 {n} 天内届满</translation>
    </message>
    <message>
        <source>Villages needing a first secretary without one</source>
        <translation>应选派而无第一书记的村</translation>
    </message>
    <message>
        <source>People posted to two places at once</source>
        <translation>同时在两处在岗</translation>
    </message>
    <message>
        <source>Months under {n} days on post (last {m} months)</source>
        <translation>近 {m} 个月驻村少于 {n} 天</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <source>No village (community) “{text}” was found: choose one from the list (type part of its name or its pinyin initials).</source>
        <translation>找不到村（社区）“{text}”：请从列表中选择（可输入村名的一部分或拼音首字母）。</translation>
    </message>
    <message>
        <source>Not saved: someone else changed this record after you opened it. Your changes are still in the form; save again to choose what to keep.</source>
        <translation>未保存：您打开这条记录之后，他人修改了它。您的修改仍在表单中；再次保存即可选择保留哪些内容。</translation>
    </message>
    <message>
        <source>Delete “{what}”? It moves to the recycle bin (Edit → Recycle bin), where it can be restored.</source>
        <translation>删除“{what}”？记录将移到回收站（编辑 → 回收站），可以从那里恢复。</translation>
    </message>
</context>
<context>
    <name>imports</name>
    <message>
        <source>Regions (townships and villages)</source>
        <extracomment>Preview rows shown in the table (the summary counts them all).</extracomment>
        <translation>行政区划（乡镇、村）</translation>
    </message>
    <message>
        <source>Village committee members (posts)</source>
        <translation>村“两委”成员（任职）</translation>
    </message>
    <message>
        <source>Reserve cadres</source>
        <translation>后备干部</translation>
    </message>
    <message>
        <source>Dispatched cadres (first secretaries, work teams)</source>
        <translation>驻村干部（第一书记、工作队）</translation>
    </message>
    <message>
        <source>Training roll (trainees, hours, certificates)</source>
        <translation>培训学员名册（学时、证书）</translation>
    </message>
    <message>
        <source>Annual review results</source>
        <translation>年度考核结果</translation>
    </message>
    <message>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Save the import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <source>Could not write “{path}”: {error}</source>
        <translation>无法写入“{path}”：{error}</translation>
    </message>
    <message>
        <source>Template saved: {path}</source>
        <translation>模板已保存：{path}</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Name</source>
        <extracomment>Column and field labels shared by every record kind, by key.</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <source>In-service education</source>
        <translation>在职学历</translation>
    </message>
    <message>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Native place</source>
        <translation>籍贯</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Joined the Party</source>
        <translation>入党时间</translation>
    </message>
    <message>
        <source>Started work</source>
        <translation>参加工作时间</translation>
    </message>
    <message>
        <source>Home village</source>
        <translation>所在村（社区）</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Township (subdistrict)</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Village (community)</source>
        <extracomment>Per-kind overrides where a key means something more specific.</extracomment>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Organised by township</source>
        <translation>承办乡镇</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Nominated by</source>
        <translation>推荐方式</translation>
    </message>
    <message>
        <source>Current stage</source>
        <translation>当前阶段</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Entered the pool</source>
        <translation>入库时间</translation>
    </message>
    <message>
        <source>Left the pool</source>
        <translation>出库时间</translation>
    </message>
    <message>
        <source>Reason for leaving</source>
        <translation>退出原因</translation>
    </message>
    <message>
        <source>Mentor</source>
        <translation>培养联系人</translation>
    </message>
    <message>
        <source>Trial post</source>
        <translation>试岗岗位</translation>
    </message>
    <message>
        <source>Course title</source>
        <translation>培训班名称</translation>
    </message>
    <message>
        <source>Course type</source>
        <translation>培训类别</translation>
    </message>
    <message>
        <source>Organiser</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>培训地点</translation>
    </message>
    <message>
        <source>Planned hours</source>
        <translation>计划学时</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>计划人数</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>报名人数</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>驻村职务</translation>
    </message>
    <message>
        <source>Dispatching unit</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Post in own unit</source>
        <translation>原单位职务</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>计划期满日期</translation>
    </message>
    <message>
        <source>Actual end</source>
        <translation>实际离岗日期</translation>
    </message>
    <message>
        <source>Reason for ending</source>
        <translation>离岗原因</translation>
    </message>
    <message>
        <source>Handover notes</source>
        <translation>工作交接情况</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>How appointed</source>
        <translation>任职方式</translation>
    </message>
    <message>
        <source>Party secretary</source>
        <translation>村党组织书记</translation>
    </message>
    <message>
        <source>Committee director</source>
        <translation>村（居）委会主任</translation>
    </message>
    <message>
        <source>One shoulder</source>
        <translation>一肩挑</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>一肩挑起始日期</translation>
    </message>
    <message>
        <source>Reason not one-shoulder</source>
        <translation>未实现原因</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>推进措施</translation>
    </message>
    <message>
        <source>Target date</source>
        <translation>计划实现时间</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>拟任人选</translation>
    </message>
    <message>
        <source>Candidate (reserve pool)</source>
        <translation>拟任人选（后备库）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Posting status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>派驻日期</translation>
    </message>
    <message>
        <source>Took office</source>
        <translation>任职日期</translation>
    </message>
    <message>
        <source>Left office</source>
        <translation>离任日期</translation>
    </message>
    <message>
        <source>Townships</source>
        <extracomment>Headline figures of the overview (keys of ``stats.headline(...).as_dict()``).</extracomment>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Villages (communities)</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Persons on record</source>
        <translation>在册人员</translation>
    </message>
    <message>
        <source>Reserve pool (all entries)</source>
        <translation>后备干部（累计入库）</translation>
    </message>
    <message>
        <source>Reserve pool</source>
        <translation>后备干部库</translation>
    </message>
    <message>
        <source>Reserve pool by source</source>
        <translation>后备干部来源分布</translation>
    </message>
    <message>
        <source>Reserve pool by stage</source>
        <translation>后备干部培养阶段分布</translation>
    </message>
    <message>
        <source>Training courses</source>
        <translation>培训班</translation>
    </message>
    <message>
        <source>Persons trained</source>
        <translation>参训人数</translation>
    </message>
    <message>
        <source>Cadres stationed in villages</source>
        <translation>在岗驻村干部</translation>
    </message>
    <message>
        <source>First secretaries in post</source>
        <translation>在岗第一书记</translation>
    </message>
    <message>
        <source>One-shoulder villages</source>
        <translation>“一肩挑”村（社区）</translation>
    </message>
    <message>
        <source>One-shoulder rate</source>
        <translation>“一肩挑”比例</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>统计日期</translation>
    </message>
    <message>
        <source>Villages needing a first secretary</source>
        <translation>需派驻第一书记的村</translation>
    </message>
    <message>
        <source>Reserve pool (current)</source>
        <translation>后备干部（在库）</translation>
    </message>
    <message>
        <source>Enrolments</source>
        <translation>参训人次</translation>
    </message>
    <message>
        <source>Training hours completed</source>
        <translation>完成学时</translation>
    </message>
    <message>
        <source>Training courses per year</source>
        <translation>各年度培训班次</translation>
    </message>
    <message>
        <source>Regions and people</source>
        <translation>区划与人员</translation>
    </message>
    <message>
        <source>Reserve cadres</source>
        <translation>后备干部</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Village postings and one shoulder</source>
        <translation>驻村与“一肩挑”</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
</context>
<context>
    <name>opening</name>
    <message>
        <source>vcadre databases (*.db *.sqlite *.vcadre);;All files (*)</source>
        <translation>vcadre 数据库 (*.db *.sqlite *.vcadre);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Cannot open the database “{path}”: {error}</source>
        <translation>无法打开数据库“{path}”：{error}</translation>
    </message>
    <message>
        <source>The file “{path}” already exists. Choose another name, or use Open database.</source>
        <translation>文件“{path}”已存在。请换一个文件名，或使用“打开数据库”。</translation>
    </message>
    <message>
        <source>The file “{path}” already exists. Demo data is only written to a new file.</source>
        <translation>文件“{path}”已存在。演示数据只能写入新文件。</translation>
    </message>
    <message>
        <source>Creating the demo county…</source>
        <translation>正在生成演示数据…</translation>
    </message>
</context>
<context>
    <name>regions_import</name>
    <message>
        <source>Import regions</source>
        <translation>导入行政区划</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xls *.csv);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>site_name</name>
    <message>
        <source>The office name is printed on rosters as 制表单位 and sent with every sync package: other offices see this database&apos;s packages and changes as coming from it. Renaming changes only the name: the site keeps its identity and signing key, so offices that already exchange packages with it still recognise it, and they see the new name after its next package.</source>
        <translation>本单位名称打印在花名册的“制表单位”上，并随每个同步包发出：其他单位看到的本数据库的同步包和修改都署这个名称。改名只改名称：本站点的身份和签名密钥不变，已经与本单位交换同步包的单位仍能识别它，在收到本单位的下一个同步包后看到新名称。</translation>
    </message>
</context>
<context>
    <name>talent_alerts</name>
    <message>
        <source>Villages with no reserve cadre</source>
        <translation>无后备力量的村</translation>
    </message>
    <message>
        <source>Villages with no one at reserve-cadre stage or beyond</source>
        <translation>无“村后备干部”及以上人选的村</translation>
    </message>
    <message>
        <source>Reserves over the age limit ({age})</source>
        <translation>超过 {age} 岁的后备人选</translation>
    </message>
    <message>
        <source>Not reviewed this year</source>
        <translation>本年度未考核</translation>
    </message>
    <message>
        <source>See 后备干部 → Gap alerts for the list.</source>
        <translation>名单见“后备干部”→“缺口预警”。</translation>
    </message>
</context>
<context>
    <name>talent_excel</name>
    <message>
        <source>Import reserve cadres from Excel</source>
        <translation>从 Excel 导入后备干部</translation>
    </message>
    <message>
        <source>Save the import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <source>Could not write “{path}”: {error}</source>
        <translation>无法写入“{path}”：{error}</translation>
    </message>
    <message>
        <source>Template saved: {path}</source>
        <translation>模板已保存：{path}</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>The file will hold full ID numbers and phones. Keep it safe, or give it an opening password (leave empty for none):</source>
        <translation>此文件将包含完整的身份证号和手机号，请妥善保管；也可以为它设置打开密码（留空则不设密码）：</translation>
    </message>
    <message>
        <source>Export the list to Excel — contains personal data (full ID numbers, phones)</source>
        <translation>导出名单到 Excel —— 含个人信息（完整身份证号、手机号）</translation>
    </message>
    <message>
        <source>{n} persons exported to {path}</source>
        <translation>已导出 {n} 人：{path}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>undo</name>
    <message>
        <source>Moved to the recycle bin; press Ctrl+Z to undo.</source>
        <translation>已移到回收站，可按 Ctrl+Z 撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo anyway</source>
        <translation>仍要重做</translation>
    </message>
    <message>
        <source>Undo anyway</source>
        <translation>仍要撤销</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Recycle &amp;bin…</source>
        <translation>回收站(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Undo: {what}</source>
        <translation>撤销：{what}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo: {what}</source>
        <translation>重做：{what}(&amp;R)</translation>
    </message>
    <message>
        <source>Redone: {what}</source>
        <translation>已重做：{what}</translation>
    </message>
    <message>
        <source>Undone: {what}</source>
        <translation>已撤销：{what}</translation>
    </message>
    <message>
        <source>Redoing…</source>
        <translation>正在重做…</translation>
    </message>
    <message>
        <source>Undoing…</source>
        <translation>正在撤销…</translation>
    </message>
</context>
<context>
    <name>unsaved</name>
    <message>
        <source>What you entered here is not saved. Close and discard it?</source>
        <translation>这里填写的内容尚未保存。关闭并放弃这些内容吗？</translation>
    </message>
</context>
</TS>
