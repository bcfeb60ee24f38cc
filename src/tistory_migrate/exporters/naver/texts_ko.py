"""Every Korean sentence a Naver bundle shows, in one place (the person reading them is Korean).

Plain data: the bundle code (``bundle.py``) and the exporter's plan and page rows fill these
in with ``str.format``; nothing here decides anything. Where each text appears is said above
its group; the bundle layout itself is in docs/design.md ("Naver export").
"""

from __future__ import annotations

# -- index.html and plan.csv: why a post is not bundled, its Tistory status -----------------
REASONS = {
    "protected": "보호글: 비밀번호가 걸려 본문을 가져오지 못했습니다",
    "private": "비공개 글 (--include-private 로 포함)",
    "unknown": "공개 여부를 알 수 없는 글 (--include-private 로 포함)",
    "missing": "티스토리에서 찾을 수 없는 글 (삭제되었을 수 있음)",
    "failed": "가져오기에 실패한 글 (scrape를 다시 실행하세요)",
    "no-body": "본문이 없습니다",
    "plan": "plan.csv에서 제외 (include=no)",
    "error": "변환 중 오류가 나서 뺐습니다 (내보내기 요약에 이유가 나옵니다)",
}
STATUS_KO = {"public": "공개", "protected": "보호", "private": "비공개", "missing": "없음", "failed": "실패",
             "unknown": "알 수 없음"}
KIND_KO = {"notice": "공지", "page": "페이지"}

# -- body.html / body.txt: the visible stand-ins for pictures, files and embeds -------------
IMAGE_MARKER = "[사진 {n:0{width}d}] {name}"
IMAGE_MARKER_CAPTION = " — {caption}"
IMAGE_MARKER_NO_FILE = " (사진 파일 없음, 원본: {url})"
ATTACHMENT_MARKER = "[첨부 {n:02d}] {name}"
ATTACHMENT_MISSING_PREFIX = "[첨부 {n:02d}] 파일 없음, 원본: "
EMBED_PREFIX = {"youtube": "▶ 동영상: ", "vimeo": "▶ 동영상: ", "kakaotv": "▶ 동영상: ", "tistory-video": "▶ 동영상: ",
                "map": "📍 지도: ", "link": "🔗 "}
EMBED_PREFIX_DEFAULT = "🔗 "
UNKNOWN_DATE = "날짜 미상"  # {date} of the date line when the post has none

# -- NOTES.md and meta.json "notes": what to check before publishing ------------------------
# The normalizer's notes are short labels ("동영상 → 링크"); NOTES.md says what to do about
# each. Matched by substring (English kept for older normalizers); an unknown note is kept
# as it is rather than lost.
VIDEO_NOTE = "동영상이 링크로 바뀌었습니다 (네이버는 iframe을 막습니다). 편집기의 동영상 버튼으로 다시 넣을 수 있습니다."
CODE_NOTE = "코드 블록은 글자만 남았습니다 (색 강조 없음). 편집기의 '코드' 구성요소로 옮기면 보기 좋습니다."
NOTE_KO = (
    (("동영상", "video"), VIDEO_NOTE),
    (("사진 묶음", "grid"), "사진 묶음(그리드)이 낱장 사진으로 바뀌었습니다. 편집기에서 '이미지 그룹'으로 다시 묶을 수 있습니다."),
    (("슬라이드", "slide"), "슬라이드 사진이 낱장 사진으로 바뀌었습니다."),
    (("코드", "highlight"), CODE_NOTE),
    (("지도", "map"), "지도가 링크로 바뀌었습니다. 편집기의 '장소' 기능으로 다시 넣을 수 있습니다."),
    (("링크 카드", "opengraph"), "링크 카드가 일반 링크로 바뀌었습니다. 편집기에 주소를 붙여넣으면 카드로 다시 만들어집니다."),
    (("삽입 요소", "embed"), "삽입 요소(외부 위젯)가 링크로 바뀌었습니다."),
    (("더보기", "more"), "'더보기' 접기 블록이 펼쳐진 글로 바뀌었습니다."),
    (("첨부 파일 주소", "attachment"), "첨부 파일 주소가 없어 파일을 받지 못했습니다 (티스토리 백업에만 있음)."),
    (("사진에 걸린 링크", "linked image"), "사진에 걸려 있던 링크는 빠졌습니다. 필요하면 사진 아래에 링크를 다시 넣으세요."),
    (("깊게 겹친", "flattened"), "태그가 너무 깊게 겹쳐 있어 안쪽 묶음을 풀었습니다. 글자는 남았으니 모양을 원문과 비교해 확인하세요."),
    (("읽지 못함", "text lost"), "원문 글자 일부를 읽지 못했습니다. 티스토리 원문과 비교해 빠진 부분을 채워 넣으세요."),
)
FEATURE_NOTES = {
    "pre": CODE_NOTE,
    "list": "목록은 글머리표(•)나 번호가 붙은 문단으로 옮겼습니다 (네이버가 붙여넣은 목록을 합쳐 버리기 때문입니다). 붙여넣은 뒤 모양을 확인하세요.",
    "nested-list": "목록 안에 목록이 있습니다. 붙여넣은 뒤 들여쓰기를 확인하세요.",
    "table": "표가 있습니다. 붙여넣은 뒤 칸이 맞는지 확인하세요.",
    "nested-table": "표 안에 표가 있습니다. 네이버 편집기는 표를 겹치지 못하니 직접 고쳐야 합니다.",
}
NOTE_NATIVE_LIST = "목록을 네이버 목록으로 붙여넣습니다 (붙여넣기 확인에서 목록이 살아남았습니다). 붙여넣은 뒤 모양을 확인하세요."
NOTE_MERGED_CELLS_LOST = "표에 합친 칸이 있습니다. 붙여넣기 확인에서 합친 칸이 풀렸으니, 붙여넣은 뒤 편집기에서 칸을 다시 합치세요."
NOTE_NOT_PUBLIC = "티스토리에서 {status} 글이었습니다. 공개해도 되는지 확인하세요."
NOTE_TITLE_TOO_LONG = "제목이 {chars}자로 네이버 제목 한도({limit}자)보다 깁니다. 줄여 주세요."
NOTE_TITLE_EMPTY = "제목이 비어 있습니다."
NOTE_TOO_MANY_IMAGES = "사진이 {count}장으로 한 글의 한도({limit}장)보다 많습니다. 글을 나누거나 사진을 줄이세요."
NOTE_IMAGE_MISSING = "사진 {n:02d}: 파일을 받지 못했습니다 ({reason}). 원본: {url}"
NOTE_IMAGE_TOO_BIG = "사진 {n:02d} ({name}): {size}로 크기 한도({limit})보다 큽니다. 줄여서 올리세요."
NOTE_ATTACHMENT_MISSING = "첨부 {n:02d}: 파일을 받지 못했습니다 ({reason}). 원본: {url}"
NOTE_SVG_LEFT_OUT = ("{n:02d}번 SVG 파일은 열 때 스크립트가 실행될 수 있어 묶음에서 뺐습니다 (보관 폴더에는 남아 있습니다). "
                     "필요하면 PNG로 바꿔 올리세요. 원본: {url}")
NOTE_EXPIRING_KEPT = "사진 {count}장은 주소가 만료되는 링크라 [사진 NN] 표시로 남겼습니다. 해당 파일을 올리세요."
NOTE_REMOTE_EXPERIMENTAL = ("사진 링크(--naver-images remote)는 실험 기능입니다. 네이버가 사진을 받아들여도 티스토리 "
                            "서버에 남아 있을 수 있어, 티스토리 블로그가 사라지면 사진이 깨집니다. 티스토리 사진은 링크하지 "
                            "않고 [사진 NN] 표시로 남겼습니다.")
NOTE_TOO_MANY_TAGS = "태그 {count}개 중 앞의 {limit}개만 남겼습니다 (네이버 한도)."
NOTE_DEEP_CATEGORY = "카테고리 '{category}'는 {depth}단계라 네이버용으로 '{suggested}'를 제안합니다."
NOTE_INTERNAL_LINKS = "같은 블로그의 다른 글로 가는 링크가 {count}개 있습니다. 그 글들을 옮긴 뒤 네이버 주소로 바꾸세요."
NOTE_NOT_A_POST = "티스토리의 {kind}였습니다. 네이버에서도 공지로 둘지 정하세요."
NOTE_NO_DATE = "원래 작성 날짜를 알 수 없습니다."
NOTE_DANGLING_MARKER = "본문의 표시 하나({kind} {index})가 가리키는 항목이 없어 빠졌습니다."
NOTE_COMMENTS = ("댓글 {count}개를 comments.html에 담았습니다. 네이버 블로그는 댓글을 가져올 수 없으니 참고만 하세요. "
                 "다른 사람의 이름이 들어 있으니 공개하지 마세요.")
NOTE_MOVED_TO_END = "본문에서 자리를 찾지 못한 사진/첨부를 글 끝에 붙였습니다. 알맞은 자리로 옮기세요."

# -- NOTES.md: its frame around the notes ------------------------------------------------------
NOTES_MD_NO_TITLE = "(제목 없음)"
NOTES_MD_ORIGINAL = "- 원문: {url}"
NOTES_MD_ORIGINAL_DATE = "- 원래 날짜: {date}"
NOTES_MD_UNKNOWN_DATE = "알 수 없음"
NOTES_MD_PLANNED = "- 게시 예정일: {day}"
NOTES_MD_COUNTS = "- 사진 {images}장, 첨부 {attachments}개"
NOTES_MD_TO_CHECK = "## 확인할 것"
NOTES_MD_NOTHING = "바뀐 것이나 따로 확인할 것이 없습니다."
