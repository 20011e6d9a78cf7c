namespace FaceChain.Vision;

/// <summary>
/// Numbers faces left-to-right, then top-to-bottom, so "face 2" means the same face every time: faces are grouped
/// into columns (a face joins a column when its horizontal centre lies inside the horizontal span of the column's
/// leftmost face, i.e. it stands above or below that face), columns go left-to-right by that first face's centre, and
/// inside a column faces go top-to-bottom by box centre y (ties broken by centre x). Spans rather than raw centres keep
/// the order stable when a face moves a few pixels between two detections of the same photo.
/// </summary>
public static class FaceOrder
{
    public static IReadOnlyList<DetectedFace> Number(IEnumerable<DetectedFace> faces)
    {
        var columns = new List<List<DetectedFace>>();
        foreach (var face in faces.OrderBy(f => f.Box.CenterX).ThenBy(f => f.Box.CenterY))
        {
            var column = columns.Find(c => face.Box.CenterX >= c[0].Box.X && face.Box.CenterX <= c[0].Box.Right);
            if (column is null)
            {
                columns.Add([face]);
            }
            else
            {
                column.Add(face);
            }
        }

        var ordered = new List<DetectedFace>();
        foreach (var column in columns)
        {
            foreach (var face in column.OrderBy(f => f.Box.CenterY).ThenBy(f => f.Box.CenterX))
            {
                ordered.Add(face with { Index = ordered.Count });
            }
        }

        return ordered;
    }
}
