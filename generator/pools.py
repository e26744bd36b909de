"""The fictional world of the constructed corpus: name pools, states, outlets, offices, topic phrases.

Every pool has an id and a *family* (``shared``, ``train``, ``validation`` or ``test``). A split
draws from the shared families and from its own, so validation and test meet names, states,
outlets and phrasings that train never uses. Every person is invented: given names are common
given names of several naming traditions, family names are made up from syllables that are not
surnames of well-known people, and the world's states and cities are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = ("shared", "train", "validation", "test")


def families_for(split: str) -> tuple[str, ...]:
    """The families a split may draw from: the shared ones and its own."""
    return ("shared", split)


@dataclass(frozen=True)
class NamePool:
    id: str
    family: str
    tradition: str
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    family_names: tuple[str, ...]
    family_first: bool = False  # written family name first (e.g. "Han Sorim")


def _t(s: str) -> tuple[str, ...]:
    return tuple(s.split())


NAME_POOLS: tuple[NamePool, ...] = (
    NamePool("per.slavic.1", "shared", "slavic", _t("Milan Bogdan Radek Zoran Oleg Stepan Dragan Pavel"),
             _t("Vesna Milena Darina Zora Ludmila Jelka"), _t("Dravcek Velimov Korbanek Ostravin Zeletov Brusnik Halovic Tramenko")),
    NamePool("per.slavic.2", "train", "slavic", _t("Goran Miroslav Tihomir Vlado Branko Lubomir"),
             _t("Radmila Snezana Bojana Ivanka"), _t("Pelikov Zurbanic Moravek Stelmarov Kreznik Valdusin")),
    NamePool("per.slavic.3", "validation", "slavic", _t("Zdenek Borislav Yaromir Dusan"),
             _t("Vlasta Dobrila Zlatka"), _t("Hrastovec Bilonenko Cermavin Sokolvar")),
    NamePool("per.slavic.4", "test", "slavic", _t("Svetozar Rostislav Velko Ognjen Kazimir"),
             _t("Mirna Stanislava Zorica"), _t("Drabenik Lesovcar Tomivek Zvarenko Orlicov")),
    NamePool("per.nordic.1", "shared", "nordic", _t("Anders Leif Torsten Halvard Espen Sigurd"),
             _t("Ingrid Solveig Maren Sigrun Astrid"), _t("Vindahl Brekstad Holmgaard Torvik Elvesund Skarheim")),
    NamePool("per.nordic.2", "train", "nordic", _t("Ivar Gunnar Steinar Arvid Jorund"),
             _t("Ragnhild Tove Liv Hedda"), _t("Fjellmo Rasvold Lindhaug Kvernes Storbekk")),
    NamePool("per.nordic.3", "validation", "nordic", _t("Eirik Oddvar Torbjorn"),
             _t("Gunhild Randi Sunniva"), _t("Hallvik Mostrand Grimsaas Ulvestad")),
    NamePool("per.nordic.4", "test", "nordic", _t("Audun Vebjorn Haakon Ottar"),
             _t("Signe Kjersti Aslaug"), _t("Tjeldberg Noresund Vaksdahl Eikrem Solbraa")),
    NamePool("per.romance.1", "shared", "romance", _t("Matteo Lorenzo Andrea Tomas Rafael Emilio"),
             _t("Chiara Elena Lucia Ines Beatriz"), _t("Ferravanti Castellor Mirandel Bellucio Sarvento Dalmonte")),
    NamePool("per.romance.2", "train", "romance", _t("Alvaro Dario Ettore Gaspar Nuno"),
             _t("Serena Paola Renata Amalia"), _t("Orvienti Lazzardo Quintaro Benvasco Terrazin")),
    NamePool("per.romance.3", "validation", "romance", _t("Fabrizio Anselmo Teodoro"),
             _t("Graziella Valentina Rosalba"), _t("Montesquio Varrella Dandolini Pescarro")),
    NamePool("per.romance.4", "test", "romance", _t("Ottavio Leandro Cesare Ramiro"),
             _t("Marisol Ornella Clarissa"), _t("Guarnacci Belmonteiro Sorvallo Canterini Ludrano")),
    NamePool("per.eastasian.1", "shared", "east-asian", _t("Sorim Junhao Taewon Kenshin Minjae Weiren"),
             _t("Haerin Yumiko Xiulan Seoyun Meilin"), _t("Han Bae Tao Sung Ko Ryu"), family_first=True),
    NamePool("per.eastasian.2", "train", "east-asian", _t("Jiaming Dohyun Haoran Seungwoo"),
             _t("Jiwoo Lanfen Sakiko"), _t("Gao Min Pyo Shen"), family_first=True),
    NamePool("per.eastasian.3", "validation", "east-asian", _t("Yongjae Zihan Kazuto"),
             _t("Hyerin Ruolan Mikiko"), _t("Jeon Qiu Tang"), family_first=True),
    NamePool("per.eastasian.4", "test", "east-asian", _t("Chulsoo Boyang Takumi Yeonho"),
             _t("Sujin Xinyi Haruna"), _t("Yoon Luo Ahn Feng"), family_first=True),
    NamePool("per.arabic.1", "shared", "arabic", _t("Karim Tariq Nabil Samir Walid Yusuf"),
             _t("Leila Rania Huda Samira Dalia"), _t("Al-Qadrani Haddurah Bensalim Al-Marzouqi Tahiri Nassarem")),
    NamePool("per.arabic.2", "train", "arabic", _t("Faris Rashad Ziyad Marwan Anwar"),
             _t("Lubna Nadia Salma Farah"), _t("Al-Sharqawin Bouzidane Khalfoun Al-Dirani Hamdouche")),
    NamePool("per.arabic.3", "validation", "arabic", _t("Hisham Bilal Adnan"),
             _t("Ghada Rima Widad"), _t("Al-Hamrani Mansouri-Tal Zaydoun Qasimeh")),
    NamePool("per.arabic.4", "test", "arabic", _t("Nizar Khalil Suhail Idris"),
             _t("Maysa Nour Hanan"), _t("Al-Fariqi Benyamour Tarrazi Sabbaqin Ouzrane")),
    NamePool("per.westafrican.1", "shared", "west-african", _t("Kwame Chidi Tunde Kofi Babajide Emeka"),
             _t("Ama Ngozi Folake Adaeze Yaa"), _t("Okonkari Mensavi Adeyoro Boatemsi Nwachira Owusani")),
    NamePool("per.westafrican.2", "train", "west-african", _t("Kwesi Obinna Femi Yaw"),
             _t("Efua Chioma Abena Ifeoma"), _t("Asantewo Ezeokoli Danquarme Olutosi")),
    NamePool("per.westafrican.3", "validation", "west-african", _t("Kojo Ikenna Segun"),
             _t("Akosua Nkechi Bisola"), _t("Oyelaran-Tse Agyemfra Udokwesi")),
    NamePool("per.westafrican.4", "test", "west-african", _t("Kobina Chukwudi Dapo Kwabena"),
             _t("Adwoa Uchenna Titilope"), _t("Amponsari Nnamdeze Olabanjo Kyerematen-Ba")),
    NamePool("per.southasian.1", "shared", "south-asian", _t("Arjun Rohan Vikram Sanjay Imran Dev"),
             _t("Priya Anjali Farzana Meera Kavita"), _t("Ravindrakar Chaudhuran Malhovra Deshvani Banerjol Qureshan")),
    NamePool("per.southasian.2", "train", "south-asian", _t("Nikhil Farhan Aditya Karan"),
             _t("Sunita Rukhsana Deepa Lakshmi"), _t("Pathakur Siddiqan Venkatesam Bhandarkal")),
    NamePool("per.southasian.3", "validation", "south-asian", _t("Tarun Zubair Pranav"),
             _t("Nandini Shabnam Radhika"), _t("Iyengoran Mirzapuri Gokhalan")),
    NamePool("per.southasian.4", "test", "south-asian", _t("Harish Asif Manoj Siddharth"),
             _t("Ishita Nasreen Pallavi"), _t("Kulkarnesh Rahmatan Sundaravel Chatterjam")),
)


@dataclass(frozen=True)
class Country:
    id: str
    family: str
    name: str
    adjective: str
    capital: str
    cities: tuple[str, ...]
    council: str  # a named defense body (for nested organizations)
    palace: str  # a named venue in the capital (FAC)


COUNTRIES: tuple[Country, ...] = (
    Country("gpe.varania", "shared", "Varania", "Varanian", "Tarsk", ("Olmen", "Brezno"), "Stavra Defense Council", "Korvel Palace"),
    Country("gpe.oskaria", "shared", "Oskaria", "Oskarian", "Lindmark", ("Havsund", "Eldby"), "Nordholm Security Council", "Tallhus Residence"),
    Country("gpe.meravia", "shared", "Meravia", "Meravian", "Castellavo", ("Porto Serin", "Valmira"), "Aurelian Defense Board", "Palazzo Verrine"),
    Country("gpe.azmira", "shared", "Azmira", "Azmiri", "Qasr Hadil", ("Bir Sulan", "Wadi Tarem"), "Supreme Hadil Council", "Dar al-Nour Hall"),
    Country("gpe.kaldoria", "shared", "Kaldoria", "Kaldorian", "Heonsan", ("Taeryong", "Misan"), "Haneul Military Commission", "Cheongwol Hall"),
    Country("gpe.tamaro", "shared", "Tamaro", "Tamaran", "Port Abasi", ("Kumesi", "Lakotan"), "Abasi Defense Council", "Ekundayo House"),
    Country("gpe.drevenia", "train", "Drevenia", "Drevenian", "Zoltavy", ("Krelno", "Miratov"), "Zoltavy Strategic Council", "Belvar Castle"),
    Country("gpe.lumera", "train", "Lumera", "Lumeran", "Sant Elmo", ("Riva Calda", "Monteluce"), "Sant Elmo Joint Command", "Villa Sorrenta"),
    Country("gpe.quessa", "train", "Quessa", "Quessan", "Niamira", ("Tolabe", "Sankuri"), "Niamira Security Board", "Ambali Lodge"),
    Country("gpe.halvoria", "validation", "Halvoria", "Halvorian", "Grevstad", ("Ostvik", "Marholm"), "Grevstad Defense Directorate", "Solberg Manor"),
    Country("gpe.tavrenia", "validation", "Tavrenia", "Tavrenian", "Drazhin", ("Volkany", "Selmir"), "Drazhin High Command", "Orlov Gate Hall"),
    Country("gpe.caspara", "test", "Caspara", "Casparan", "Miraldo", ("Santa Vera", "Corvello"), "Miraldo Defense Junta", "Casa Albarin"),
    Country("gpe.zelvania", "test", "Zelvania", "Zelvanian", "Orhavo", ("Teslin", "Vurmak"), "Orhavo Security Council", "Teslin Lakeside Hall"),
    Country("gpe.eskaldo", "test", "Eskaldo", "Eskaldan", "Bandari", ("Makori", "Sefuna"), "Bandari Joint Command", "Kilimo House"),
)


@dataclass(frozen=True)
class Outlet:
    id: str
    family: str
    name: str
    short: str  # how the dateline names it
    dateline: str  # "md" (March 3), "abbr" (Mar. 3), "dm" (3 March), "full" (March 3, 2021)
    header: bool  # a furniture line with the ISO date
    end: str  # closing furniture


OUTLETS: tuple[Outlet, ...] = (
    Outlet("out.northgate", "shared", "Northgate Wire", "Northgate", "md", False, "(end)"),
    Outlet("out.meridian", "shared", "Meridian Press Service", "MPS", "abbr", True, "--MPS"),
    Outlet("out.halcyon", "shared", "Halcyon News Agency", "HNA", "dm", False, ""),
    Outlet("out.tidewater", "shared", "Tidewater Dispatch", "Tidewater", "full", True, "(ends)"),
    Outlet("out.bluecrest", "train", "Bluecrest Wire", "Bluecrest", "abbr", False, "(end)"),
    Outlet("out.lanterne", "train", "Lanterne Presse", "LP", "dm", True, ""),
    Outlet("out.corvid", "validation", "Corvid Daily Wire", "Corvid", "md", True, "(end)"),
    Outlet("out.stonebridge", "validation", "Stonebridge Press", "SBP", "full", False, "--SBP"),
    Outlet("out.arclight", "test", "Arclight News Service", "ANS", "abbr", True, "(ends)"),
    Outlet("out.fennmoor", "test", "Fennmoor Agency", "Fennmoor", "dm", False, "(end)"),
)


@dataclass(frozen=True)
class Office:
    """A position: how it is written before a name, after one, as a nominal, and its normalized title."""

    id: str
    premodifier: str  # "Defense Minister"
    apposition: str  # "defense minister"
    normalized: str
    nominal: str  # "the minister"
    plural: str  # "ministers"
    nested_org: bool = False  # apposition "chief of the Joint Staff Department of the <council>"


OFFICES: tuple[Office, ...] = (
    Office("off.defmin", "Defense Minister", "defense minister", "minister of national defense", "the minister", "ministers"),
    Office("off.defmin.uk", "Defence Minister", "defence minister", "minister of national defense", "the minister", "ministers"),
    Office("off.formin", "Foreign Minister", "foreign minister", "minister of foreign affairs", "the minister", "ministers"),
    Office("off.deputy", "Deputy Defense Minister", "deputy defense minister", "deputy minister of national defense", "the deputy minister", "ministers"),
    Office("off.chief", "Chief of Joint Staff", "chief", "chief", "the chief", "officials", nested_org=True),
    Office("off.ambassador", "Ambassador", "ambassador", "ambassador", "the ambassador", "officials"),
    Office("off.commander", "Navy Commander", "navy commander", "commander", "the commander", "officers"),
)

RANKS: tuple[tuple[str, str], ...] = (("Gen.", "general"), ("General", "general"), ("Adm.", "admiral"),
                                       ("Lt. Gen.", "lieutenant general"), ("Maj. Gen.", "major general"))

#: topic -> evidence phrases (each names no entity), with a family per phrase.
TOPIC_PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
    "military_communication": (
        ("shared", "direct lines of military communication"),
        ("shared", "regular exchanges between the armed forces"),
        ("train", "a hotline between the defense ministries"),
        ("train", "keeping military channels open"),
        ("validation", "resuming staff-level military dialogue"),
        ("test", "a standing channel between the general staffs"),
        ("test", "reviving exchanges between military academies"),
    ),
    "bilateral_relations": (
        ("shared", "strengthening bilateral ties"),
        ("shared", "deepening political trust"),
        ("train", "the overall state of relations"),
        ("train", "mutual respect for core interests"),
        ("validation", "stabilizing the relationship"),
        ("test", "a broader partnership between the governments"),
        ("test", "repairing strained diplomatic ties"),
    ),
    "crisis_management": (
        ("shared", "avoiding miscalculations at sea"),
        ("shared", "preventing accidental clashes"),
        ("train", "managing incidents along the border"),
        ("train", "rules for unplanned encounters in the air"),
        ("validation", "de-escalation procedures for naval patrols"),
        ("test", "notification of large troop movements"),
        ("test", "reducing the risk of collisions between patrol boats"),
    ),
    "regional_global_security": (
        ("shared", "regional security issues"),
        ("shared", "the security situation in the region"),
        ("train", "global arms control"),
        ("train", "counter-piracy operations"),
        ("validation", "nonproliferation commitments"),
        ("test", "the wider security architecture"),
        ("test", "maritime security in the shipping lanes"),
    ),
    "artificial_intelligence": (
        ("shared", "the military use of artificial intelligence"),
        ("train", "safeguards for autonomous weapons"),
        ("validation", "human control over AI-enabled systems"),
        ("test", "testing standards for military AI"),
    ),
    "other": (
        ("shared", "joint disaster relief"),
        ("shared", "search and rescue cooperation"),
        ("train", "arms procurement"),
        ("train", "peacekeeping training"),
        ("validation", "veterans' affairs"),
        ("test", "cooperation on military medicine"),
        ("test", "demining assistance"),
    ),
}
