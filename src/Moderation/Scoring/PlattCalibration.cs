namespace Moderation.Scoring;

// p = sigmoid(A * margin + B), fitted on held-out margins with Newton's method and Platt's
// smoothed targets, so a score of 0.8 means about 80% of such comments carry the label.
public readonly record struct PlattCalibration(double A, double B)
{
    public static PlattCalibration Identity => new(1, 0);

    public float Apply(double margin) => (float)(1 / (1 + Math.Exp(-(A * margin + B))));

    public static PlattCalibration Fit(IReadOnlyList<double> margins, IReadOnlyList<bool> truth)
    {
        double positives = truth.Count(t => t), negatives = truth.Count - positives;
        if (positives == 0 || negatives == 0)
            return Identity;
        var hi = (positives + 1) / (positives + 2);
        var lo = 1 / (negatives + 2);
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (var i = 0; i < margins.Count; i++)
            {
                var p = 1 / (1 + Math.Exp(-(a * margins[i] + b)));
                var d = p - (truth[i] ? hi : lo);
                var w = p * (1 - p);
                ga += d * margins[i];
                gb += d;
                haa += w * margins[i] * margins[i];
                hab += w * margins[i];
                hbb += w;
            }
            var det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-18)
                break;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-9)
                break;
        }
        return new PlattCalibration(a, b);
    }
}
