"""Official documents in the window: certificate verification (培训 → 证书核验), the person card's
document bar (人员信息表, 任免审批表, .lrmx, photo), and the folder photo import."""
