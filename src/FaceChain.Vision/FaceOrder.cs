namespace FaceChain.Vision;

/// <summary>
/// Numbers faces reading-order so "face 2" means the same face every time:
/// faces are grouped into rows (a face joins a row when its vertical centre lies inside the
/// vertical span of the row's first face), rows go top-to-bottom by that first face's centre,
/// and inside a row faces go left-to-right by box centre x (ties broken by centre y).
/// </summary>
public static class FaceOrder
{
    public static IReadOnlyList<DetectedFace> Number(IEnumerable<DetectedFace> faces)
    {
        var rows = new List<List<DetectedFace>>();
        foreach (var face in faces.OrderBy(f => f.Box.CenterY).ThenBy(f => f.Box.CenterX))
        {
            var row = rows.Find(r => face.Box.CenterY >= r[0].Box.Y && face.Box.CenterY <= r[0].Box.Bottom);
            if (row is null)
            {
                rows.Add([face]);
            }
            else
            {
                row.Add(face);
            }
        }

        var ordered = new List<DetectedFace>();
        foreach (var row in rows)
        {
            foreach (var face in row.OrderBy(f => f.Box.CenterX).ThenBy(f => f.Box.CenterY))
            {
                ordered.Add(face with { Index = ordered.Count });
            }
        }

        return ordered;
    }
}
