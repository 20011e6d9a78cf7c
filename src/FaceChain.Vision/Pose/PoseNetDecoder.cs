namespace FaceChain.Vision.Pose;

/// <summary>
/// PoseNet's multi-person decoding: every local heatmap maximum above <see cref="RootScoreThreshold"/> seeds a person
/// unless an already decoded person has the same keypoint nearby; the rest of that person's skeleton is reached by
/// following the displacement heads along the tree rooted at the nose (backwards to the root, then forwards to the
/// limbs), each hop refined by the short offsets of the keypoint it lands on.
/// </summary>
public sealed class PoseNetDecoder
{
    // (parent, child) edges of the PoseNet skeleton tree; the displacement heads are indexed by this order.
    private static readonly (CocoKeypoint Parent, CocoKeypoint Child)[] Edges =
    [
        (CocoKeypoint.Nose, CocoKeypoint.LeftEye), (CocoKeypoint.LeftEye, CocoKeypoint.LeftEar),
        (CocoKeypoint.Nose, CocoKeypoint.RightEye), (CocoKeypoint.RightEye, CocoKeypoint.RightEar),
        (CocoKeypoint.Nose, CocoKeypoint.LeftShoulder), (CocoKeypoint.LeftShoulder, CocoKeypoint.LeftElbow),
        (CocoKeypoint.LeftElbow, CocoKeypoint.LeftWrist), (CocoKeypoint.LeftShoulder, CocoKeypoint.LeftHip),
        (CocoKeypoint.LeftHip, CocoKeypoint.LeftKnee), (CocoKeypoint.LeftKnee, CocoKeypoint.LeftAnkle),
        (CocoKeypoint.Nose, CocoKeypoint.RightShoulder), (CocoKeypoint.RightShoulder, CocoKeypoint.RightElbow),
        (CocoKeypoint.RightElbow, CocoKeypoint.RightWrist), (CocoKeypoint.RightShoulder, CocoKeypoint.RightHip),
        (CocoKeypoint.RightHip, CocoKeypoint.RightKnee), (CocoKeypoint.RightKnee, CocoKeypoint.RightAnkle),
    ];

    private const int RefineSteps = 2;

    public float RootScoreThreshold { get; init; } = 0.5f;

    /// <summary>Two people whose same keypoint lies closer than this (pixels) are one person.</summary>
    public float NmsRadius { get; init; } = 20f;

    public int MaxPeople { get; init; } = 10;

    public IReadOnlyList<PersonPose> Decode(PoseNetHeads heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var roots = FindRoots(heads);
        var people = new List<PersonPose>();
        float squaredRadius = NmsRadius * NmsRadius;
        foreach (var (score, row, column, keypoint) in roots)
        {
            if (people.Count >= MaxPeople)
            {
                break;
            }

            var (x, y) = heads.Position(row, column, keypoint);
            if (IsTaken(people, keypoint, x, y, squaredRadius))
            {
                continue;
            }

            var keypoints = DecodePerson(heads, keypoint, new PoseKeypoint(x, y, score));
            float instanceScore = 0;
            for (int k = 0; k < keypoints.Length; k++)
            {
                if (!IsTaken(people, k, keypoints[k].X, keypoints[k].Y, squaredRadius))
                {
                    instanceScore += keypoints[k].Score;
                }
            }

            people.Add(new PersonPose(keypoints, instanceScore / keypoints.Length));
        }

        return people;
    }

    private List<(float Score, int Row, int Column, int Keypoint)> FindRoots(PoseNetHeads heads)
    {
        var roots = new List<(float, int, int, int)>();
        for (int row = 0; row < heads.Rows; row++)
        {
            for (int column = 0; column < heads.Columns; column++)
            {
                for (int k = 0; k < PoseNetHeads.KeypointCount; k++)
                {
                    float score = heads.Score(row, column, k);
                    if (score >= RootScoreThreshold && IsLocalMaximum(heads, row, column, k))
                    {
                        roots.Add((score, row, column, k));
                    }
                }
            }
        }

        roots.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        return roots;
    }

    private static bool IsLocalMaximum(PoseNetHeads heads, int row, int column, int keypoint)
    {
        float logit = heads.Logit(row, column, keypoint);
        for (int r = Math.Max(0, row - 1); r <= Math.Min(heads.Rows - 1, row + 1); r++)
        {
            for (int c = Math.Max(0, column - 1); c <= Math.Min(heads.Columns - 1, column + 1); c++)
            {
                if (heads.Logit(r, c, keypoint) > logit)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsTaken(List<PersonPose> people, int keypoint, float x, float y, float squaredRadius)
    {
        foreach (var person in people)
        {
            var other = person.Keypoints[keypoint];
            float dx = other.X - x, dy = other.Y - y;
            if ((dx * dx) + (dy * dy) <= squaredRadius)
            {
                return true;
            }
        }

        return false;
    }

    private static PoseKeypoint[] DecodePerson(PoseNetHeads heads, int rootKeypoint, PoseKeypoint root)
    {
        var keypoints = new PoseKeypoint[PoseNetHeads.KeypointCount];
        var found = new bool[PoseNetHeads.KeypointCount];
        keypoints[rootKeypoint] = root;
        found[rootKeypoint] = true;

        for (int edge = Edges.Length - 1; edge >= 0; edge--)
        {
            int child = (int)Edges[edge].Child, parent = (int)Edges[edge].Parent;
            if (found[child] && !found[parent])
            {
                keypoints[parent] = Follow(heads, edge, keypoints[child], parent, forward: false);
                found[parent] = true;
            }
        }

        for (int edge = 0; edge < Edges.Length; edge++)
        {
            int child = (int)Edges[edge].Child, parent = (int)Edges[edge].Parent;
            if (found[parent] && !found[child])
            {
                keypoints[child] = Follow(heads, edge, keypoints[parent], child, forward: true);
                found[child] = true;
            }
        }

        return keypoints;
    }

    private static PoseKeypoint Follow(PoseNetHeads heads, int edge, PoseKeypoint source, int target, bool forward)
    {
        var (sourceRow, sourceColumn) = Cell(heads, source.X, source.Y);
        var (dx, dy) = heads.Displacement(sourceRow, sourceColumn, edge, forward);
        float x = source.X + dx, y = source.Y + dy;
        int row = 0, column = 0;
        for (int i = 0; i < RefineSteps; i++)
        {
            (row, column) = Cell(heads, x, y);
            (x, y) = heads.Position(row, column, target);
        }

        return new PoseKeypoint(x, y, heads.Score(row, column, target));
    }

    private static (int Row, int Column) Cell(PoseNetHeads heads, float x, float y) =>
        (Math.Clamp((int)MathF.Round(y / heads.OutputStride), 0, heads.Rows - 1),
         Math.Clamp((int)MathF.Round(x / heads.OutputStride), 0, heads.Columns - 1));
}
