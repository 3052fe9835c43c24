using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class CalibrationTests
{
    [Fact]
    public void PlattRecoversTheTrueProbabilityCurve()
    {
        // Deterministic sample from p = sigmoid(2m - 1): every margin carries the right share of positives.
        var margins = new List<double>();
        var truth = new List<bool>();
        for (var m = -3.0; m <= 3.0; m += 0.25)
        {
            var p = 1 / (1 + Math.Exp(-(2 * m - 1)));
            for (var k = 0; k < 200; k++)
            {
                margins.Add(m);
                truth.Add(k < Math.Round(p * 200));
            }
        }
        var calibration = PlattCalibration.Fit(margins, truth);
        Assert.Equal(2, calibration.A, 1);
        Assert.Equal(-1, calibration.B, 1);
        Assert.Equal(0.5, calibration.Apply(0.5), 2);
    }

    [Fact]
    public void OneClassLeavesMarginsUncalibrated()
    {
        Assert.Equal(PlattCalibration.Identity, PlattCalibration.Fit([0.1, 0.2], [true, true]));
    }
}
