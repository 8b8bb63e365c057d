"""The provinces the replica serves: who, where, on which platform, under which 文号."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

TRS = "trs"
JPAAS = "jpaas"
HANWEB = "hanweb"
GKMLPT = "gkmlpt"
GOV = "gov"
MPA = "mpa"
GOV_FOLDER = "/zwgk/gfxwj/"
MPA_FOLDER = "/zwgk/tzgg/"


@dataclass(frozen=True)
class Province:
    """A province's government site and its medical products administration's site."""

    slug: str
    name: str
    short: str
    gov_host: str
    mpa_host: str
    platform: str = TRS

    @property
    def government(self) -> str:
        return f"{self.name}人民政府"

    @property
    def office(self) -> str:
        return f"{self.name}人民政府办公厅"

    @property
    def mpa(self) -> str:
        return f"{self.name}药品监督管理局"

    def host(self, column: str) -> str:
        return self.gov_host if column == GOV else self.mpa_host

    def site_name(self, column: str) -> str:
        return self.government if column == GOV else self.mpa

    def site_code(self, column: str) -> str:
        """The 网站标识码 in the footer."""
        return f"{zlib.crc32(self.host(column).encode()) % 10**10:010d}"

    def column_id(self, column: str) -> int:
        """The JCMS column number of a column (`/col/col<N>/index.html`)."""
        return 1229019000 + 10 * PROVINCES.index(self) + (column == MPA)


PROVINCES: tuple[Province, ...] = (
    Province("zhejiang", "浙江省", "浙", "www.zj.gov.cn", "mpa.zj.gov.cn", JPAAS),
    Province("jiangsu", "江苏省", "苏", "www.jiangsu.gov.cn", "ypjgj.jiangsu.gov.cn", HANWEB),
    Province("shandong", "山东省", "鲁", "www.shandong.gov.cn", "mpa.shandong.gov.cn"),
    Province("shanghai", "上海市", "沪", "www.shanghai.gov.cn", "yjj.sh.gov.cn"),
    Province("beijing", "北京市", "京", "www.beijing.gov.cn", "yjj.beijing.gov.cn"),
    Province("sichuan", "四川省", "川", "www.sc.gov.cn", "yjj.sc.gov.cn"),
    Province("henan", "河南省", "豫", "www.henan.gov.cn", "yjj.henan.gov.cn"),
    Province("hunan", "湖南省", "湘", "www.hunan.gov.cn", "mpa.hunan.gov.cn"),
    Province("fujian", "福建省", "闽", "www.fujian.gov.cn", "yjj.fujian.gov.cn"),
    Province("anhui", "安徽省", "皖", "www.ah.gov.cn", "mpa.ah.gov.cn"),
    Province("tianjin", "天津市", "津", "www.tj.gov.cn", "yjj.tj.gov.cn"),
    Province("hebei", "河北省", "冀", "www.hebei.gov.cn", "yjj.hebei.gov.cn"),
    Province("chongqing", "重庆市", "渝", "www.cq.gov.cn", "yaojianju.cq.gov.cn"),
)
"""Chongqing is in no shipped catalogue: a source on it is added by configuration alone."""

CITIES: tuple[Province, ...] = (
    Province("shenzhen", "深圳市", "深", "www.sz.gov.cn", "", GKMLPT),
    Province("guangzhou", "广州市", "穗", "www.gz.gov.cn", "", GKMLPT),
    Province("zhuhai", "珠海市", "珠", "www.zhuhai.gov.cn", "", GKMLPT),
    Province("foshan", "佛山市", "佛", "www.foshan.gov.cn", "", GKMLPT),
)
"""Guangdong's cities on gkmlpt, each its government's 政策文件 catalog (their `gov` column)."""
