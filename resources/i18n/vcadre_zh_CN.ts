<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
    <name>ImportDialog</name>
    <message>
        <source>Import reserve cadres — {file}</source>
        <translation>导入后备干部 — {file}</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
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
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>{total} rows read: {valid} valid, {bad} with problems ({errors} problems in all).</source>
        <translation>共读取 {total} 行：正确 {valid} 行，有误 {bad} 行（共 {errors} 处错误）。</translation>
    </message>
    <message>
        <source>No valid row: nothing can be imported.</source>
        <translation>没有正确的行，无法导入。</translation>
    </message>
    <message>
        <source>Added {added}, updated {updated}, skipped {skipped} rows.
Backup taken before the import: {backup}</source>
        <translation>导入完成：新增 {added} 人，更新 {updated} 人，跳过 {skipped} 行。
导入前已备份数据库：{backup}</translation>
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
    <message>
        <source>Reserve pool gap alerts</source>
        <translation>后备干部缺口预警</translation>
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
        <translation>关闭</translation>
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
        <source>Hours per year</source>
        <translation>各年度学时</translation>
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
    <name>ReviewDialog</name>
    <message>
        <source>Annual review of reserve cadres</source>
        <extracomment>Rows shown at once: a review sheet is used per township or village.</extracomment>
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
        <source>Result</source>
        <translation>考核结果</translation>
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
        <source> (first {max} shown: choose a township in the tree)</source>
        <translation>（仅显示前 {max} 人：请在左侧选择乡镇）</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>未考核</translation>
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
        <source>Export the list to Excel</source>
        <translation>导出名单到 Excel</translation>
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
</TS>
