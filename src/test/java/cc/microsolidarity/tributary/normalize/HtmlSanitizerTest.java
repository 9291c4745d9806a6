package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlSanitizerTest {
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "<p>Hi<script>alert(1)</script></p>                          | <p>Hi</p>",
      "<style>p{}</style><p style=\"color:red\">x</p>               | <p>x</p>",
      "<p onclick=\"evil()\" onmouseover=x>x</p>                    | <p>x</p>",
      "<form action=\"https://x\"><input name=a><button>Send</button></form> | Send",
      "<a href=\"javascript:alert(1)\">j</a>                        | <a rel=\"nofollow noopener\">j</a>",
      "<a href=\"JaVaScRiPt:alert(1)\">j</a>                        | <a rel=\"nofollow noopener\">j</a>",
      "<a href=\" javascript:alert(1)\">j</a>                       | <a rel=\"nofollow noopener\">j</a>",
      "<a href=\"jav&#x09;ascript:alert(1)\">j</a>                  | <a rel=\"nofollow noopener\">j</a>",
      "<a href=\"&#106;avascript:alert(1)\">j</a>                   | <a rel=\"nofollow noopener\">j</a>",
      "<a href=\"vbscript:msgbox(1)\">v</a>                         | <a rel=\"nofollow noopener\">v</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>         | <a rel=\"nofollow noopener\">d</a>",
      "<img src=\"data:image/png;base64,AAAA\">                      | <img>",
      "<a href=\"https://example.org/x\" target=_blank>ok</a>        | <a href=\"https://example.org/x\" rel=\"nofollow noopener\">ok</a>",
      "<p><b>bold</b> <em>em</em> <img src=\"https://e.org/i.png\" alt=\"i\"></p> | <p><b>bold</b> <em>em</em> <img src=\"https://e.org/i.png\" alt=\"i\"></p>",
      "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>  | <iframe src=\"https://www.youtube.com/embed/abc\"></iframe>",
      "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\"></iframe> | <iframe src=\"https://www.youtube-nocookie.com/embed/abc\"></iframe>",
      "<iframe src=\"https://player.vimeo.com/video/123\" allowfullscreen></iframe> | <iframe src=\"https://player.vimeo.com/video/123\" allowfullscreen></iframe>",
      "<iframe src=\"https://tube.example.net/videos/embed/9c9de5e8-0a1e\"></iframe> | <iframe src=\"https://tube.example.net/videos/embed/9c9de5e8-0a1e\"></iframe>",
      "<iframe src=\"http://www.youtube.com/embed/abc\"></iframe>x  | x",
      "<iframe src=\"https://evil.example/embed/abc\"></iframe>x    | x",
      "<iframe src=\"https://www.youtube.com.evil.example/embed/a\"></iframe>x | x",
      "<iframe src=\"javascript:alert(1)\"></iframe>x               | x",
      "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>x      | x",
      "<p>a</p><IFRAME src=\"https://evil.example/embed/abc\"></IFRAME>x | <p>a</p>x",
      "<svg><script>alert(1)</script></svg>ok                      | ok",
      "<object data=\"x.swf\"></object><embed src=\"x.swf\">ok      | ok"})
  void keepsOnlyWhatIsAllowed(String dirty, String clean) {
    assertThat(sanitizer.sanitize(dirty)).isEqualTo(clean);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "<script>x</script>"})
  void nothingVisibleIsNull(String dirty) {
    assertThat(sanitizer.sanitize(dirty)).isNull();
  }
}
