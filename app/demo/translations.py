"""English and Arabic translations of the demo's staff-written texts (core.translations): the
concept's title and introduction, the topics, the chapter titles, the process timeline, the
rounds' titles and the event with its stations. Written for this project; the German originals
are in data.py, participation.py and event_cards.py. Loaded by services.load_demo."""

from sqlalchemy import select

from app.concepts.models import Concept
from app.core import translations
from app.demo import event_cards, participation
from app.events.models import Event
from app.extensions import db
from app.rounds.models import Round

CONCEPT = {
    "en": {
        "title": "Integration concept for the district of Konstanz",
        "summary": (
            "The district of Konstanz is writing its integration concept together with the "
            "people it concerns: volunteers, migrants, their organisations, municipalities and "
            "cooperation partners. Here we collect ideas for goals and measures, bring them "
            "together and show what became of each contribution."),
    },
    "ar": {
        "title": "مفهوم الاندماج لمقاطعة كونستانس",
        "summary": (
            "تكتب مقاطعة كونستانس مفهوم الاندماج الخاص بها مع الأشخاص المعنيين به: "
            "المتطوعون والمهاجرون والمهاجرات ومنظماتهم والبلديات والشركاء. نجمع هنا أفكاراً "
            "للأهداف والإجراءات، ونضمّها معاً، ونبيّن ما آلت إليه كل مساهمة."),
    },
}

# topic slug -> language -> (name, description)
TOPICS = {
    "sprache": {
        "en": ("Language",
               "Learning German opens doors: to work, school, public offices and the "
               "neighbourhood. This field is about language courses for every situation in "
               "life, childcare during the courses and help when the language is not yet "
               "enough."),
        "ar": ("اللغة",
               "تعلّم اللغة الألمانية يفتح الأبواب: إلى العمل والمدرسة والدوائر الحكومية "
               "والجيران. يتناول هذا المجال دورات اللغة لكل ظروف الحياة، ورعاية الأطفال أثناء "
               "الدورات، والمساعدة عندما لا تكفي اللغة بعد."),
    },
    "arbeit": {
        "en": ("Work",
               "For many, a job that fits their abilities is the most important step towards a "
               "self-determined life. This field is about the recognition of qualifications, "
               "internships, vocational training and companies that hire newcomers."),
        "ar": ("العمل",
               "العمل المناسب للقدرات هو للكثيرين أهم خطوة نحو حياة مستقلة. يتناول هذا المجال "
               "الاعتراف بالشهادات والتدريب العملي والتدريب المهني والشركات التي توظّف "
               "القادمين الجدد."),
    },
    "bildung": {
        "en": ("Education",
               "From day care to school to further education: children, young people and "
               "adults should have equal chances. This includes working with parents, advice "
               "and the steps between school, vocational training and university."),
        "ar": ("التعليم",
               "من الحضانة إلى المدرسة إلى التعليم المستمر: يجب أن تكون للأطفال والشباب "
               "والبالغين فرص متساوية. ويشمل ذلك العمل مع الأهل والإرشاد والانتقال بين "
               "المدرسة والتدريب المهني والجامعة."),
    },
    "wohnen": {
        "en": ("Housing",
               "Housing is scarce in the district. This field is about the way from shared "
               "accommodation into a flat of one's own, landlords who take part and good "
               "neighbourhoods."),
        "ar": ("السكن",
               "المساكن قليلة في المقاطعة. يتناول هذا المجال الانتقال من السكن الجماعي إلى "
               "شقة خاصة، وأصحاب البيوت الذين يشاركون، وحسن الجوار."),
    },
    "gesundheit": {
        "en": ("Health",
               "Health needs understanding: interpreting at the doctor's, knowing how the "
               "health system works and help for people who have lived through hard times."),
        "ar": ("الصحة",
               "الصحة تحتاج إلى التفاهم: الترجمة عند الطبيب، ومعرفة النظام الصحي، ومساعدة "
               "الأشخاص الذين مرّوا بتجارب صعبة."),
    },
    "kultur-und-freizeit": {
        "en": ("Culture and leisure",
               "People get to know each other most easily in a club, at sports, in the library "
               "or at a festival. This field is about open activities, meeting each other and "
               "the culture of newcomers as part of the district."),
        "ar": ("الثقافة وأوقات الفراغ",
               "يتعرّف الناس على بعضهم بسهولة في النوادي والرياضة والمكتبة والاحتفالات. يتناول "
               "هذا المجال الأنشطة المفتوحة واللقاءات وثقافة القادمين الجدد كجزء من المقاطعة."),
    },
    "beteiligung": {
        "en": ("Participation of migrants",
               "Migrants have a say in what concerns them: in committees, advisory councils "
               "and participation rounds like this one."),
        "ar": ("مشاركة المهاجرين والمهاجرات",
               "للمهاجرين رأي في ما يخصّهم: في اللجان والمجالس الاستشارية وجولات المشاركة "
               "مثل هذه الجولة."),
    },
    "ehrenamt": {
        "en": ("Volunteering",
               "Many volunteers support refugees in everyday life. They need recognition, "
               "training and people they can always turn to."),
        "ar": ("العمل التطوعي",
               "يرافق كثير من المتطوعين اللاجئين في حياتهم اليومية. وهم يحتاجون إلى التقدير "
               "والتدريب وأشخاص ثابتين يمكنهم التوجّه إليهم."),
    },
    "kommunen": {
        "en": ("Cooperation with the towns and municipalities",
               "Integration happens locally. The district, its towns and municipalities agree "
               "on what to do and learn from each other."),
        "ar": ("التعاون مع المدن والبلديات",
               "يحدث الاندماج في المكان الذي يعيش فيه الناس. تنسّق المقاطعة والمدن والبلديات "
               "فيما بينها وتتعلّم من بعضها."),
    },
    "interkulturelle-oeffnung": {
        "en": ("Intercultural opening of the administration",
               "Public offices should be understandable and easy to reach for everyone: with "
               "trained staff, plain language and information in several languages."),
        "ar": ("انفتاح الإدارة على الثقافات المختلفة",
               "يجب أن تكون الدوائر الحكومية مفهومة وسهلة الوصول للجميع: بموظفين مدرَّبين "
               "ولغة بسيطة ومعلومات بعدة لغات."),
    },
    "antidiskriminierung": {
        "en": ("Anti-discrimination",
               "No one may be treated worse because of their origin, language or religion. "
               "This is about advice for those affected and structures that reduce "
               "discrimination."),
        "ar": ("مكافحة التمييز",
               "لا يجوز أن يُعامَل أحد بشكل أسوأ بسبب أصله أو لغته أو دينه. يتناول هذا المجال "
               "تقديم الاستشارة للمتضرّرين وبناء هياكل تحدّ من التمييز."),
    },
}

# chapter slug -> language -> title
CHAPTERS = {
    "vorwort": {"en": "Foreword by the district administrator", "ar": "كلمة رئيس المقاطعة"},
    "wozu": {"en": "Why an integration concept?", "ar": "لماذا مفهوم للاندماج؟"},
    "beteiligungsprozess": {"en": "How the concept was written together",
                            "ar": "كيف كُتب المفهوم بالمشاركة"},
    "zahlen-daten-fakten": {"en": "Facts and figures", "ar": "أرقام وحقائق"},
    "strukturen-und-netzwerke": {"en": "Structures and networks for integration",
                                 "ar": "الهياكل والشبكات في مجال الاندماج"},
    "integrationsverstaendnis": {"en": "What we mean by integration",
                                 "ar": "فهمنا للاندماج"},
    "handlungsfelder": {"en": "Main fields of action", "ar": "مجالات العمل الرئيسية"},
    "querschnittsthemen": {"en": "Cross-cutting themes", "ar": "المواضيع الشاملة"},
    "umsetzung": {"en": "What now? Putting the concept into practice",
                  "ar": "وماذا بعد؟ تطبيق المفهوم"},
}

# German milestone title -> language -> (title, description)
MILESTONES = {
    "Gründung der Steuerungsgruppe Integration": {
        "en": ("The integration steering group is founded",
               "A steering group accompanies the process from the start."),
        "ar": ("تأسيس مجموعة التوجيه للاندماج", "ترافق مجموعة توجيه العملية منذ البداية."),
    },
    "Festlegung der Handlungsfelder und Querschnittsthemen": {
        "en": ("Fields of action and cross-cutting themes are chosen",
               "Six fields of action and five cross-cutting themes give the concept its "
               "structure."),
        "ar": ("تحديد مجالات العمل والمواضيع الشاملة",
               "ستة مجالات عمل وخمسة مواضيع شاملة تعطي المفهوم بنيته."),
    },
    "Rahmenkonzept zur Integration von Geflüchteten und Asylsuchenden": {
        "en": ("Framework concept for the integration of refugees and asylum seekers",
               "The framework concept is written and adopted; it is the starting point."),
        "ar": ("الإطار العام لاندماج اللاجئين وطالبي اللجوء",
               "يُكتب الإطار العام ويُعتمد، وهو نقطة البداية."),
    },
    "Aufbau der Netzwerke des Amts für Migration und Integration": {
        "en": ("The office for migration and integration builds its networks",
               "Thematic networks with partners are set up and meet regularly."),
        "ar": ("بناء شبكات مكتب الهجرة والاندماج",
               "تنشأ شبكات موضوعية مع الشركاء وتعمل معاً بانتظام."),
    },
    "Beteiligungsstruktur für Ehrenamtliche": {
        "en": ("A way for volunteers to take part",
               "Volunteers get fixed ways to contribute."),
        "ar": ("طرق مشاركة المتطوعين", "يحصل المتطوعون على طرق ثابتة للمشاركة."),
    },
    "Beteiligungsstruktur für Migrantinnen und Migranten": {
        "en": ("A way for migrants to take part",
               "Migrants and their organisations take part permanently."),
        "ar": ("طرق مشاركة المهاجرين والمهاجرات",
               "يشارك المهاجرون ومنظماتهم بشكل دائم."),
    },
    "Dialogveranstaltung": {
        "en": ("Dialogue event",
               "A large event open to everyone: at topic tables, goals for integration are "
               "written."),
        "ar": ("لقاء الحوار", "لقاء كبير بمشاركة واسعة: تُكتب أهداف الاندماج على طاولات المواضيع."),
    },
    "Ziele schärfen, Maßnahmen formulieren": {
        "en": ("Sharpening goals, writing measures",
               "The networks work on the goals and write measures, together with further "
               "cooperation partners."),
        "ar": ("تدقيق الأهداف وصياغة الإجراءات",
               "تعمل الشبكات على الأهداف وتصوغ الإجراءات بالتشاور مع شركاء آخرين."),
    },
    "Vorberatung im Sozialausschuss": {
        "en": ("First reading in the social affairs committee",
               "The social affairs committee discusses the draft concept and recommends it."),
        "ar": ("المناقشة الأولى في اللجنة الاجتماعية",
               "تناقش اللجنة الاجتماعية مسودة المفهوم وتوصي باعتمادها."),
    },
    "Verabschiedung durch die Steuerungsgruppe Integration": {
        "en": ("The steering group adopts the concept",
               "The integration steering group adopts the integration concept."),
        "ar": ("اعتماد المفهوم من مجموعة التوجيه", "تعتمد مجموعة التوجيه مفهوم الاندماج."),
    },
    "Druck und Vorstellung des Konzepts": {
        "en": ("The concept is printed and presented",
               "The concept is printed and presented to municipalities, partners, initiatives "
               "and organisations."),
        "ar": ("طباعة المفهوم وتقديمه",
               "يُطبع المفهوم ويُقدَّم للبلديات والشركاء والمبادرات والمنظمات."),
    },
}

# key of participation.ROUNDS -> language -> title
ROUNDS = {
    "closed": {"en": "Spring online participation: ideas for the integration concept",
               "ar": "المشاركة الإلكترونية في الربيع: أفكار لمفهوم الاندماج"},
    "open": {"en": "Online participation: goals and measures",
             "ar": "المشاركة الإلكترونية: الأهداف والإجراءات"},
    "network": {"en": "Network round on language and education: sharpening the measures",
                "ar": "جولة الشبكة حول اللغة والتعليم: تدقيق الإجراءات"},
}
EVENT = {"en": "Dialogue event on the integration concept", "ar": "لقاء الحوار حول مفهوم الاندماج"}
STATION = {"en": "Table: {topic}", "ar": "طاولة: {topic}"}


def load_translations(concept: Concept) -> int:
    """Add the translations (idempotent: texts already there stay); returns how many objects
    got a translation now."""
    count = 0

    def add(obj, values: dict) -> None:
        nonlocal count
        existing = translations.translations_of(obj)
        missing = {key: text for key, text in values.items() if not existing.get(key)}
        if missing:
            translations.apply(obj, missing)
            count += 1

    for lang, values in CONCEPT.items():
        add(concept, {(field, lang): text for field, text in values.items()})
    topics = {t.slug: t for t in concept.topics}
    for slug, by_language in TOPICS.items():
        if slug in topics:
            add(topics[slug], {key: text for lang, (name, description) in by_language.items()
                               for key, text in (((("name", lang)), name),
                                                 (("description", lang), description))})
    for chapter in concept.chapters:
        add(chapter, {("title", lang): title
                      for lang, title in CHAPTERS.get(chapter.slug, {}).items()})
    for milestone in concept.milestones:
        by_language = MILESTONES.get(milestone.title, {})
        add(milestone, {key: text for lang, (title, description) in by_language.items()
                        for key, text in ((("title", lang), title),
                                          (("description", lang), description))})
    titles = {spec["title"]: key for key, spec in participation.ROUNDS.items()}
    for round_ in db.session.scalars(select(Round).where(Round.concept_id == concept.id)):
        by_language = ROUNDS.get(titles.get(round_.title), {})
        add(round_, {("title", lang): title for lang, title in by_language.items()})
    events = db.session.scalars(select(Event).join(Round).where(
        Round.concept_id == concept.id, Event.title == event_cards.EVENT["title"]))
    for event in events:
        add(event, {("title", lang): title for lang, title in EVENT.items()})
        for station in event.stations:
            add(station, {("name", lang): pattern.format(topic=TOPICS[station.topic.slug][lang][0])
                          for lang, pattern in STATION.items()
                          if station.topic.slug in TOPICS})
    return count
