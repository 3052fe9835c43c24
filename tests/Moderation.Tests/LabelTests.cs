using Moderation.Scoring;

namespace Moderation.Tests;

public class LabelTests
{
    [Fact]
    public void LabelNamesFollowTheJigsawColumnOrder()
    {
        Assert.Equal("identity_hate", ToxicityLabel.IdentityHate.Name());
        Assert.True(ToxicityLabels.TryParse("severe_toxic", out var label));
        Assert.Equal(ToxicityLabel.SevereToxic, label);
        Assert.False(ToxicityLabels.TryParse("spam", out _));
    }
}
