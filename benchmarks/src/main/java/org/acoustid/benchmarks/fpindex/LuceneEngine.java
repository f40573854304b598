package org.acoustid.benchmarks.fpindex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acoustid.fpindex.SearchHit;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The Lucene baseline: terms as tokens of one field (documents only, no frequencies or positions),
 * queried with one constant-score SHOULD clause per distinct term, so the score is the number of
 * matched terms; force-merged to one segment in RAM, like the fpindex engine.
 */
final class LuceneEngine implements SearchEngine {
  private static final FieldType TERMS = new FieldType();

  static {
    TERMS.setIndexOptions(IndexOptions.DOCS);
    TERMS.setTokenized(true);
    TERMS.setOmitNorms(true);
    TERMS.freeze();
  }

  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private DirectoryReader reader;
  private IndexSearcher searcher;

  LuceneEngine() throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
    config.setRAMBufferSizeMB(256);
    writer = new IndexWriter(directory, config);
  }

  @Override
  public void add(int id, int[] terms) throws IOException {
    StringBuilder text = new StringBuilder(terms.length * 10);
    for (int term : terms) {
      text.append(Integer.toUnsignedString(term)).append(' ');
    }
    Document doc = new Document();
    doc.add(new Field("t", text.toString(), TERMS));
    doc.add(new NumericDocValuesField("id", id));
    writer.addDocument(doc);
  }

  @Override
  public void finish() throws IOException {
    writer.forceMerge(1);
    writer.commit();
    reader = DirectoryReader.open(writer);
    searcher = new IndexSearcher(reader);
  }

  @Override
  public List<SearchHit> search(int[] query, int limit) throws IOException {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    for (int term : Arrays.stream(query).distinct().toArray()) {
      builder.add(
          new ConstantScoreQuery(new TermQuery(new Term("t", Integer.toUnsignedString(term)))),
          BooleanClause.Occur.SHOULD);
    }
    TopDocs top = searcher.search(builder.build(), limit);
    List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
    List<LeafReaderContext> leaves = reader.leaves();
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      NumericDocValues ids = leaf.reader().getNumericDocValues("id");
      ids.advanceExact(sd.doc - leaf.docBase);
      hits.add(new SearchHit((int) ids.longValue(), Math.round(sd.score)));
    }
    return SearchEngine.applyCutoff(hits, query.length, limit);
  }

  @Override
  public long indexBytes() {
    try {
      long total = 0;
      for (String file : directory.listAll()) {
        total += directory.fileLength(file);
      }
      return total;
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    writer.close();
    directory.close();
  }
}
