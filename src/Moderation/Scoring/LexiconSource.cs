namespace Moderation.Scoring;

// Derives our lexicon from LDNOOBW (CC BY 4.0) plus entries written by this project. LDNOOBW is
// mostly a list of sexual terms; only the entries below are strong enough to raise a score alone,
// the rest are kept as weak "sexual" signals that the model may learn to weigh.
public static class LexiconSource
{
    private static readonly HashSet<string> EnglishSlurs =
    [
        "beaner", "beaners", "coon", "coons", "darkie", "fag", "faggot", "honkey", "jigaboo", "jiggaboo", "jiggerboo", "kike",
        "negro", "nigga", "nigger", "nig nog", "paki", "pikey", "raghead", "slanteye", "spic", "towelhead", "tranny", "wetback",
        "bulldyke", "carpet muncher", "carpetmuncher", "fudge packer", "fudgepacker", "poof", "mong", "spastic", "white power",
    ];

    private static readonly HashSet<string> EnglishProfanity =
    [
        "fuck", "fuckin", "fucking", "clusterfuck", "shit", "shitty", "bullshit", "apeshit", "god damn", "cock", "cocks", "dick",
        "pussy", "cum", "jizz", "wank", "bollocks", "tits", "titties", "butthole", "arsehole", "ass",
    ];

    private static readonly HashSet<string> EnglishInsults =
    [
        "asshole", "bastard", "bitch", "bitches", "cunt", "motherfucker", "slut", "whore", "twat", "tosser", "fucktards", "piece of shit",
    ];

    // Entries of the LDNOOBW Arabic list that are vulgar in any context (the rest name body parts
    // or acts and appear in ordinary or medical writing).
    private static readonly HashSet<string> ArabicProfanity =
        ["طيز", "كس", "زب", "نيك", "متناك", "متناكة", "شرموطة", "عرص", "خول", "قحبة", "لبوة", "لوطي"];

    // Written by this project (not from any third-party list).
    private const string Curated = """
        en	insult	pieces of shit
        en	insult	cocksucker
        en	insult	cocksuckers
        en	insult	dickhead
        en	insult	dumbass
        en	insult	shithead
        en	insult	scumbag
        en	insult	your knee pads
        en	insult	sex slaves
        en	insult	sex slave
        en	profanity	fucked
        en	profanity	fucker
        en	profanity	fuckers
        en	profanity	fucks
        en	profanity	motherfucking
        en	profanity	shits
        en	profanity	bullshitting
        en	profanity	cunts
        en	profanity	dicks
        en	insult	whores
        en	insult	sluts
        en	insult	assholes
        en	insult	bastards
        en	insult	twats
        en	insult	retard
        en	insult	retards
        en	slur	negroes
        en	slur	niggers
        en	slur	niggas
        en	slur	faggots
        en	slur	fags
        en	slur	kikes
        en	slur	spics
        en	slur	chink
        en	slur	chinks
        en	slur	gook
        en	slur	gooks
        en	slur	ruskie
        en	slur	ruskies
        en	slur	russkie
        en	slur	russkies
        en	slur	khokhol
        en	slur	khokhols
        en	slur	moskal
        en	slur	moskals
        en	slur	mexy
        en	slur	bandera boy
        en	slur	bandera boys
        en	slur	ukro nazi
        en	slur	ukronazi
        en	slur	ukronazis
        en	slur	pakis
        en	slur	sandnigger
        en	slur	sand nigger
        en	slur	zionazi
        en	slur	zionazis
        en	slur	mudslime
        en	slur	mudslimes
        en	slur	muzrat
        en	slur	muzrats
        en	slur	trannies
        en	allow	moby dick
        en	allow	dick cheney
        en	allow	philip k dick
        en	allow	cock a doodle doo
        en	allow	sex education
        en	allow	sex offender
        en	allow	sex offenders
        ar	insult	مصاصة الديك
        ar	insult	مصاص الديك
        ar	insult	مصاصين الديك
        ar	insult	ابن الكلب
        ar	insult	ابن الحرام
        ar	insult	يا حمار
        ar	insult	كس امك
        ar	insult	كس اختك
        ar	insult	يلعن ابوك
        ar	profanity	منيوك
        ar	profanity	منيوكة
        ar	profanity	زبي
        ar	insult	شراميط
        ar	insult	عاهرة
        """;

    public static Lexicon FromLdnoobw(string ldnoobwDirectory)
    {
        var lines = new List<string> { "# Derived from LDNOOBW (https://github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words), CC BY 4.0; categories and additions by the Moderation project." };
        foreach (var file in Directory.GetFiles(ldnoobwDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileNameWithoutExtension(file);
            foreach (var raw in File.ReadAllLines(file))
            {
                var phrase = raw.Trim();
                if (phrase.Length == 0 || phrase.Contains('\t'))
                    continue;
                lines.Add($"{language}\t{Categorize(language, phrase)}\t{phrase}");
            }
        }
        lines.AddRange(Curated.Split('\n').Select(l => l.Trim().Replace("\\t", "\t")).Where(l => l.Length > 0));
        return Lexicon.Parse(string.Join('\n', lines));
    }

    private static string Categorize(string language, string phrase) => language switch
    {
        "en" when EnglishSlurs.Contains(phrase) => "slur",
        "en" when EnglishInsults.Contains(phrase) => "insult",
        "en" when EnglishProfanity.Contains(phrase) => "profanity",
        "ar" when ArabicProfanity.Contains(phrase) => "profanity",
        _ => "sexual",
    };
}
