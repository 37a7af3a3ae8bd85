<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
    <name>DispatchTab</name>
    <message>
        <source>New village posting</source>
        <translation>新增驻村干部</translation>
    </message>
    <message>
        <source>Edit village posting</source>
        <translation>编辑驻村干部</translation>
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
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
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
    <name>Job</name>
    <message>
        <source>Cancel</source>
        <extracomment>A job that finishes sooner shows no progress dialog at all (Anki waits 600 ms). Jobs still running, so Python does not collect them (and their signal objects) early.</extracomment>
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
    <name>ListTab</name>
    <message>
        <source>{what}: all</source>
        <extracomment>Module with ``FIELDS``, ``get``, ``save``, ``delete``. The total changed (for the status bar).</extracomment>
        <translation>{what}：全部</translation>
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
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>New &amp;demo database…</source>
        <translation>新建演示数据库(&amp;D)…</translation>
    </message>
    <message>
        <source>E&amp;xport sync package…</source>
        <translation>导出同步包(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Import sync package…</source>
        <translation>导入同步包(&amp;I)…</translation>
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
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Overview</source>
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
        <source>{tab}: {n} records</source>
        <translation>{tab}：共 {n} 条</translation>
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
    <name>OverviewTab</name>
    <message>
        <source>Counting…</source>
        <extracomment>Values of ``headline().as_dict()`` that are not figures. Figure cards in rows, under a section title (a key of ``labels.headline_label``). Breakdown keys → the code table their dict keys come from.</extracomment>
        <translation>正在统计…</translation>
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
        <source>The passphrase must not be empty.</source>
        <translation>口令不能为空。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
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
    <name>PersonSearchDialog</name>
    <message>
        <source>Choose a person</source>
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
    <name>RegionTreeModel</name>
    <message>
        <source>Region</source>
        <extracomment>Role of the region id (str) in ``data()``. Role of the level (&quot;county&quot;, &quot;township&quot;, &quot;village&quot;). None until fetched.</extracomment>
        <translation>行政区划</translation>
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
        <source>Imported the package from {site}: {added} records added, {updated} updated, {unchanged} changes already known, {conflicts} conflicts.</source>
        <translation>已导入来自“{site}”的同步包：新增 {added} 条记录，更新 {updated} 条，{unchanged} 条变更此前已有，{conflicts} 个冲突。</translation>
    </message>
    <message>
        <source>First package from {site}. Its key fingerprint is

{fp}

Compare it with the fingerprint the other office reads out to you. Do they match?</source>
        <translation>这是第一次收到“{site}”的同步包。其密钥指纹为：

{fp}

请与对方念给您的指纹核对。两者一致吗？</translation>
    </message>
    <message>
        <source>Importing sync package…</source>
        <translation>正在导入同步包…</translation>
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
</context>
<context>
    <name>TrainingTab</name>
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
    <name>VillagePicker</name>
    <message>
        <source>Type part of the name</source>
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
    <name>forms</name>
    <message>
        <source>Delete “{what}”? The record will no longer appear in any list.</source>
        <translation>确定删除“{what}”吗？删除后该记录将不再出现在任何列表中。</translation>
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
</TS>
