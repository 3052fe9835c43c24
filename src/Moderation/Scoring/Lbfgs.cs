namespace Moderation.Scoring;

// Rows of TF-IDF features in compressed sparse row form; columns are hash buckets.
public sealed record SparseRows(int[] RowStart, int[] Columns, float[] Values, int Dimension)
{
    public int Count => RowStart.Length - 1;

    public double Dot(int row, ReadOnlySpan<double> w)
    {
        double z = 0;
        for (var k = RowStart[row]; k < RowStart[row + 1]; k++)
            z += Values[k] * w[Columns[k]];
        return z;
    }
}

// L2-regularized logistic regression fitted with L-BFGS over the rows where the label is known
// (the masked loss). The coordinate after the features is the unregularized bias. With a
// prior, the penalty pulls toward it instead of toward zero (transfer from a related label).
// Row weights, when given, scale each row's loss. Groups, when given, add to the bias an offset
// per group of rows (the last coordinates), pulled toward zero by groupLambda (see Trainer).
public sealed class LogisticRegression(SparseRows x, int[] rows, bool[] y, double lambda, double[]? prior = null, double[]? weights = null, int[]? groups = null, double groupLambda = 0)
{
    private readonly double scale = 1 / (weights?.Sum() ?? rows.Length);
    private readonly int groupCount = groups is { Length: > 0 } ? groups.Length == rows.Length ? groups.Max() + 1 : throw new ArgumentException("one group per row", nameof(groups)) : 0;

    // The intercept for scoring, where no group is known: the bias plus the mean group offset.
    public static double Bias(double[] w, int dimension) =>
        w.Length > dimension + 1 ? w[dimension] + w[(dimension + 1)..].Average() : w[dimension];

    public int Iterations { get; private set; }

    public double[] Fit(double[]? start, int maxIterations, double tolerance = 1e-6)
    {
        var n = x.Dimension + 1 + groupCount;
        var w = new double[n];
        // A warm start may come from a label with another number of groups: keep its weights and
        // its scoring bias.
        if (start is not null && start.Length == n)
            Array.Copy(start, w, n);
        else if (start is not null)
        {
            Array.Copy(start, w, x.Dimension);
            w[x.Dimension] = Bias(start, x.Dimension);
        }
        var g = new double[n];
        var f = Evaluate(w, g);
        const int memory = 7;
        var s = new double[memory][];
        var t = new double[memory][];
        var rho = new double[memory];
        var alpha = new double[memory];
        var direction = new double[n];
        var next = new double[n];
        var nextGradient = new double[n];
        var stored = 0;
        for (Iterations = 0; Iterations < maxIterations; Iterations++)
        {
            // Two-loop recursion: direction = -H g.
            Array.Copy(g, direction, n);
            for (var i = stored - 1; i >= 0; i--)
            {
                alpha[i] = rho[i] * DotDense(s[i], direction);
                Axpy(-alpha[i], t[i], direction);
            }
            var gamma = stored > 0 ? DotDense(s[stored - 1], t[stored - 1]) / DotDense(t[stored - 1], t[stored - 1]) : 1 / Math.Max(1, Math.Sqrt(DotDense(g, g)));
            for (var i = 0; i < n; i++)
                direction[i] *= gamma;
            for (var i = 0; i < stored; i++)
            {
                var beta = rho[i] * DotDense(t[i], direction);
                Axpy(alpha[i] - beta, s[i], direction);
            }
            for (var i = 0; i < n; i++)
                direction[i] = -direction[i];
            var slope = DotDense(g, direction);
            if (slope >= 0)
            {
                for (var i = 0; i < n; i++)
                    direction[i] = -g[i];
                slope = DotDense(g, direction);
                stored = 0;
            }
            // Backtracking line search (Armijo).
            var step = 1.0;
            double nextF;
            while (true)
            {
                for (var i = 0; i < n; i++)
                    next[i] = w[i] + step * direction[i];
                nextF = Evaluate(next, nextGradient);
                if (nextF <= f + 1e-4 * step * slope || step < 1e-10)
                    break;
                step *= 0.5;
            }
            var improvement = f - nextF;
            if (stored == memory)
            {
                var (os, ot) = (s[0], t[0]);
                Array.Copy(s, 1, s, 0, memory - 1);
                Array.Copy(t, 1, t, 0, memory - 1);
                Array.Copy(rho, 1, rho, 0, memory - 1);
                s[memory - 1] = os;
                t[memory - 1] = ot;
                stored--;
            }
            s[stored] ??= new double[n];
            t[stored] ??= new double[n];
            for (var i = 0; i < n; i++)
            {
                s[stored][i] = next[i] - w[i];
                t[stored][i] = nextGradient[i] - g[i];
            }
            var sy = DotDense(s[stored], t[stored]);
            if (sy > 1e-12)
            {
                rho[stored] = 1 / sy;
                stored++;
            }
            (w, next) = (next, w);
            (g, nextGradient) = (nextGradient, g);
            f = nextF;
            // The first step is a scaled gradient step and says little about convergence.
            if (Iterations > 0 && improvement < tolerance * Math.Max(1, Math.Abs(f)))
                break;
        }
        return w;
    }

    private double Evaluate(double[] w, double[] gradient)
    {
        var bias = w[x.Dimension];
        Array.Clear(gradient);
        double loss = 0, biasGradient = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            var z = x.Dot(row, w) + bias + (groupCount == 0 ? 0 : w[x.Dimension + 1 + groups![r]]);
            var label = y[r] ? 1.0 : 0.0;
            var weight = weights?[r] ?? 1;
            loss += weight * ((z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - label * z);
            var d = weight * (1 / (1 + Math.Exp(-z)) - label) * scale;
            biasGradient += d;
            if (groupCount > 0)
                gradient[x.Dimension + 1 + groups![r]] += d;
            for (var k = x.RowStart[row]; k < x.RowStart[row + 1]; k++)
                gradient[x.Columns[k]] += d * x.Values[k];
        }
        double penalty = 0;
        for (var i = 0; i < x.Dimension; i++)
        {
            var d = prior is null ? w[i] : w[i] - prior[i];
            penalty += d * d;
            gradient[i] += lambda * d;
        }
        gradient[x.Dimension] = biasGradient;
        double groupPenalty = 0;
        for (var i = x.Dimension + 1; i < w.Length; i++)
        {
            groupPenalty += w[i] * w[i];
            gradient[i] += groupLambda * w[i];
        }
        return loss * scale + lambda / 2 * penalty + groupLambda / 2 * groupPenalty;
    }

    private static double DotDense(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
            y[i] += a * x[i];
    }
}
