"""The most common family names in Chinese, Korean and Japanese: what a short legacy reading
that gives a person's name begins with.

Names are the short CJK strings most often pasted into other text (a byline, a photo
credit, a contact line), and short strings are where two legacy codecs can read the same
bytes equally well: ``ÁõÀû`` is 刘利 as GBK and 증적 as EUC-KR. Family names are few and
concentrated (the hundred most common Chinese ones cover most people in China and
Taiwan, ten Korean ones most Koreans), so a reading that begins with one is the likelier.

The lists are common knowledge, written from national name statistics as commonly
reported (China's household register, Taiwan's, Statistics Korea's census, Japanese
name rankings); they are not taken from any library or data file.
"""

from __future__ import annotations

# Mainland China: simplified forms, as GB2312 (and so GBK, GB18030) writes them.
CHINESE_SIMPLIFIED = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜"
    "叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎"
    "史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柯庄"
)

# Taiwan and Hong Kong: traditional forms, as Big5 writes them.
CHINESE_TRADITIONAL = frozenset(
    "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余"
    "盧梁趙顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董温溫唐藍石蔣古紀姚連馮歐程湯田康姜白"
    "汪鄒尤巫鐘黎涂龔嚴韓袁金童陸夏柳邵錢伍倪于譚駱熊任甘秦顧毛章史官萬俞雷"
)

# Two-character Chinese family names common enough to list, in both forms.
CHINESE_COMPOUND = frozenset({"欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒"})

# Korea: the family names of most Koreans, in Hangul as KS X 1001 (EUC-KR) writes them.
KOREAN = frozenset("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남")

# Japan: the most common family names, as Shift-JIS writes them.
JAPANESE = frozenset(
    {
        "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
        "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
        "山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川",
        "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本",
        "斉藤", "福田", "太田", "西村", "藤井", "金子", "岡本", "藤原", "中野", "三浦",
        "原田", "中川", "松田", "竹内", "小野", "田村", "中山", "和田", "石田", "森田",
        "上田", "原", "内田", "柴田", "酒井", "宮崎", "横山", "高木", "安藤", "宮本",
        "大野", "小島", "谷口", "今井", "工藤", "高田", "増田", "丸山", "杉山", "村田",
        "大塚", "新井", "小山", "平野", "藤本", "河野", "上野", "野口", "武田", "松井",
        "千葉", "岩崎", "菅原", "木下", "久保", "佐野", "野村", "松尾", "市川", "菊地",
    }
)  # fmt: skip
