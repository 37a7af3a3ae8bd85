"""Official documents (公文材料): verifiable certificates, ID photos, the person-to-form mapping
shared by the personal record form (人员信息表), the 干部任免审批表 and its .lrmx exchange file.

- ``site_keys``: the one place that says which public key a site signs with (to re-point when
  site enrollment lands, issue 14), and this database's own signing key.
- ``certificate_code``: the signed, compact payload a certificate's QR code carries.
- ``verification``: 有效 / 已撤销 / 未找到 / 签名无效 for a typed number, a payload or a scan.
- ``photos``: import, crop to the 2-inch ratio, store small, read back.
- ``person_form``: one person as the cadre forms see them (lrmx field names).
- ``lrmx``: read and write .lrmx files; import with a preview of what changes.
"""
