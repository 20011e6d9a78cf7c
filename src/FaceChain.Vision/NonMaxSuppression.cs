namespace FaceChain.Vision;

/// <summary>Greedy non-maximum suppression: keeps the best-scoring box of each overlapping cluster.</summary>
public static class NonMaxSuppression
{
    public static List<DetectedFace> Apply(IEnumerable<DetectedFace> candidates, float iouThreshold)
    {
        var sorted = candidates.OrderByDescending(c => c.Score).ToList();
        var kept = new List<DetectedFace>();
        foreach (var candidate in sorted)
        {
            if (kept.TrueForAll(k => k.Box.IntersectionOverUnion(candidate.Box) <= iouThreshold))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }
}
