import { html, type SafeHtml } from '../portal/html.js';
import { formatDateTime } from './account.views.js';
import { csrfField, describedBy, fieldError, type PageError } from './sign-in.views.js';
import { ID_CARD_MAX_BYTES, type IdDocumentView, SIDE_LABELS } from './id-card.service.js';

/** Field ids of the upload form (targets of the error summary's links). */
const SIDE_FIELD = 'anh-mat';
const FILE_FIELD = 'anh-tep';
const MAX_MB = ID_CARD_MAX_BYTES / 1024 / 1024;

/** Error codes carried in /tai-khoan?loi-anh=… after a failed upload or deletion (post/redirect/get). */
export const ID_CARD_ERRORS: Record<string, PageError> = {
  'chon-mat': { field: SIDE_FIELD, message: 'Chọn mặt trước hoặc mặt sau của giấy tờ.' },
  'chon-tep': { field: FILE_FIELD, message: 'Chọn tệp ảnh (JPEG, PNG) hoặc tệp PDF của giấy tờ.' },
  'qua-lon': {
    field: FILE_FIELD,
    message: `Tệp quá lớn. Mỗi tệp tối đa ${MAX_MB} MB; hãy chụp lại với độ phân giải thấp hơn.`,
  },
  'dinh-dang': {
    field: FILE_FIELD,
    message: 'Tệp không phải ảnh JPEG, PNG hoặc tệp PDF. Hãy chọn đúng ảnh chụp hoặc bản quét giấy tờ.',
  },
  'duoi-tep': {
    field: FILE_FIELD,
    message:
      'Phần mở rộng của tên tệp không khớp với nội dung (ví dụ ảnh PNG nhưng tên tệp đuôi .jpg). Hãy đổi tên tệp.',
  },
  'kieu-tep': { field: FILE_FIELD, message: 'Loại tệp trình duyệt khai báo không khớp với nội dung tệp.' },
  'mot-tep': { field: FILE_FIELD, message: 'Mỗi lần chỉ tải lên một tệp.' },
  'qua-nhieu': {
    field: FILE_FIELD,
    message: 'Bạn đã lưu đủ số ảnh cho phép. Hãy xóa ảnh không còn dùng trước khi tải lên ảnh mới.',
  },
  'khong-thay': { field: FILE_FIELD, message: 'Không tìm thấy ảnh này; có thể ảnh đã được xóa.' },
};

export const ID_CARD_NOTICES: Record<string, string> = {
  'tai-anh': 'Đã lưu ảnh giấy tờ tùy thân. Ảnh được mã hóa khi lưu trữ.',
  'xoa-anh': 'Đã xóa ảnh giấy tờ tùy thân.',
};

/** The page errors named by ?loi-anh=a,b (unknown codes are ignored). */
export function idCardErrorsOf(codes: string | undefined): PageError[] {
  const out: PageError[] = [];
  for (const code of (codes ?? '').split(',').slice(0, 5)) {
    const e = ID_CARD_ERRORS[code];
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

const KIND_LABELS: Record<string, string> = {
  'image/jpeg': 'Ảnh JPEG',
  'image/png': 'Ảnh PNG',
  'application/pdf': 'PDF',
};

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`;
}

/**
 * "Ảnh giấy tờ tùy thân" on /tai-khoan: works without JavaScript. The upload form is multipart, so its
 * CSRF token travels in the action URL (the body is read only after the CSRF check).
 */
export function idCardSection(options: {
  documents: IdDocumentView[];
  csrf: string | null;
  errors: PageError[];
}): SafeHtml {
  const { errors, csrf } = options;
  const action = csrf ? `/tai-khoan/anh-giay-to?_csrf=${encodeURIComponent(csrf)}` : '/tai-khoan/anh-giay-to';
  return html`<h2 id="anh-giay-to">Ảnh giấy tờ tùy thân</h2>
    <p>
      Lưu ảnh chụp hoặc bản quét căn cước công dân (mặt trước, mặt sau) để dùng khi nộp hồ sơ. Đây là
      <strong>dữ liệu cá nhân nhạy cảm</strong> theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định
      356/2025/NĐ-CP:
    </p>
    <ul>
      <li>ảnh được <strong>mã hóa</strong> khi lưu trữ;</li>
      <li>
        <strong>mỗi lần ảnh được mở đều được ghi lại</strong> (ai xem, lúc nào, vì mục đích gì), kể cả khi bạn tự xem;
        cán bộ chỉ được xem khi có thẩm quyền và phải ghi rõ mục đích; nhật ký này có trong tệp dữ liệu bạn tải về;
      </li>
      <li>bạn có thể xóa ảnh bất cứ lúc nào; tệp ảnh bị xóa khỏi kho lưu trữ.</li>
    </ul>
    ${
      options.documents.length
        ? html`<div class="table-wrap">
            <table>
              <caption>
                Ảnh đã lưu
              </caption>
              <thead>
                <tr>
                  <th scope="col">Mặt</th>
                  <th scope="col">Loại tệp</th>
                  <th scope="col">Ngày tải lên</th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                ${options.documents.map(
                  (d) =>
                    html`<tr>
                      <td>${SIDE_LABELS[d.side]}</td>
                      <td>${KIND_LABELS[d.contentType] ?? d.contentType}, ${formatSize(d.sizeBytes)}</td>
                      <td>${formatDateTime(d.createdAt)}</td>
                      <td>
                        <a href="/api/v1/citizen/me/id-card/${d.id}" download
                          >Tải về<span class="visually-hidden"
                            >: ${SIDE_LABELS[d.side]}, ${formatDateTime(d.createdAt)}</span
                          ></a
                        >
                        <form method="post" action="/tai-khoan/anh-giay-to/${d.id}/xoa" class="inline">
                          ${csrfField(csrf)}
                          <button type="submit" class="button--secondary">
                            Xóa<span class="visually-hidden"
                              >: ${SIDE_LABELS[d.side]}, ${formatDateTime(d.createdAt)}</span
                            >
                          </button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="hint">Bạn chưa lưu ảnh giấy tờ nào.</p>`
    }
    <h3>Tải lên ảnh mới</h3>
    <form method="post" action="${action}" enctype="multipart/form-data" novalidate>
      <div class="form-group">
        <fieldset ${describedBy(errors, SIDE_FIELD, false)}>
          <legend>Mặt của giấy tờ</legend>
          ${fieldError(errors, SIDE_FIELD)}
          <div class="radio">
            <input type="radio" id="${SIDE_FIELD}" name="side" value="front" />
            <label for="${SIDE_FIELD}">Mặt trước</label>
          </div>
          <div class="radio">
            <input type="radio" id="${SIDE_FIELD}-sau" name="side" value="back" />
            <label for="${SIDE_FIELD}-sau">Mặt sau</label>
          </div>
        </fieldset>
      </div>
      <div class="form-group">
        <label for="${FILE_FIELD}">Tệp ảnh hoặc PDF</label>
        <p class="hint" id="${FILE_FIELD}-hint">Ảnh JPEG, PNG hoặc tệp PDF, tối đa ${MAX_MB} MB. Chụp rõ cả bốn góc.</p>
        ${fieldError(errors, FILE_FIELD)}
        <input
          type="file"
          id="${FILE_FIELD}"
          name="file"
          accept="image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"
          ${describedBy(errors, FILE_FIELD, true)}
        />
      </div>
      <button type="submit">Tải lên</button>
    </form>`;
}
