-- Notifications to the applicant at each milestone of a dossier (issue 4 §1 "Notifications"), sent by
-- modules/dossiers/dossier-notify.ts. Informing the applicant of reception (with the appointment date), of a
-- supplement request (once, in full), of a refusal (with the reason), of the result, and of a late dossier (apology
-- and new appointment): Nghị định 118/2025/NĐ-CP (article to confirm) and Nghị định 45/2020/NĐ-CP for online
-- dossiers (article to confirm). Administrators edit these texts (GET/PUT /api/v1/notifications/templates).
-- Every template may use {{applicantName}}, {{code}}, {{procedureName}}, {{agencyName}}, {{lookupUrl}} plus its own.

insert into notification_templates (code, channel, subject, body, variables, required_variables, description) values
  ('dossier.submitted', 'email', 'Đã nhận hồ sơ trực tuyến {{code}}',
   E'Kính gửi ông/bà {{applicantName}},\n\n{{agencyName}} đã nhận hồ sơ trực tuyến "{{procedureName}}" của ông/bà lúc {{submittedAt}}, mã hồ sơ {{code}}.\nHồ sơ sẽ được kiểm tra và tiếp nhận, hoặc được hướng dẫn bổ sung, chậm nhất vào {{acceptBy}}.\n\nTra cứu tình trạng hồ sơ (bằng mã hồ sơ và số điện thoại đã khai): {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,submittedAt,acceptBy}', '{code}',
   'Công dân nộp hồ sơ trực tuyến: đã nhận, chờ tiếp nhận.'),
  ('dossier.submitted', 'sms', null,
   'Saola: đã nhận hồ sơ trực tuyến {{code}}, sẽ được xem xét tiếp nhận trước {{acceptBy}}. Tra cứu: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,submittedAt,acceptBy}', '{code}',
   'Công dân nộp hồ sơ trực tuyến: đã nhận, chờ tiếp nhận.'),

  ('dossier.received', 'email', 'Hồ sơ {{code}} đã được tiếp nhận',
   E'Kính gửi ông/bà {{applicantName}},\n\n{{agencyName}} đã tiếp nhận hồ sơ "{{procedureName}}" của ông/bà lúc {{receivedAt}}.\nMã hồ sơ: {{code}}\nNgày hẹn trả kết quả: {{dueAt}}\n\nTra cứu tình trạng hồ sơ (bằng mã hồ sơ và số điện thoại đã khai): {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,receivedAt,dueAt}', '{code,dueAt}',
   'Hồ sơ được tiếp nhận (tại quầy, qua bưu chính hoặc hồ sơ trực tuyến được chấp nhận): mã hồ sơ và ngày hẹn trả.'),
  ('dossier.received', 'sms', null,
   'Saola: hồ sơ {{code}} đã được tiếp nhận. Hẹn trả kết quả: {{dueAt}}. Tra cứu: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,receivedAt,dueAt}', '{code,dueAt}',
   'Hồ sơ được tiếp nhận (tại quầy, qua bưu chính hoặc hồ sơ trực tuyến được chấp nhận): mã hồ sơ và ngày hẹn trả.'),

  ('dossier.supplement_requested', 'email', 'Hồ sơ {{code}} cần bổ sung, hoàn thiện',
   E'Kính gửi ông/bà {{applicantName}},\n\nHồ sơ "{{procedureName}}" (mã {{code}}) của ông/bà cần được bổ sung, hoàn thiện.\nNội dung cần bổ sung: {{reason}}\n\nThời gian bổ sung hồ sơ không tính vào thời hạn giải quyết. Ông/bà bổ sung trực tuyến tại mục "Hồ sơ của tôi" trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa của {{agencyName}}.\nTra cứu tình trạng hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code,reason}',
   'Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ: nội dung cần bổ sung.'),
  ('dossier.supplement_requested', 'sms', null,
   'Saola: hồ sơ {{code}} cần bổ sung: {{reason}}. Chi tiết: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code,reason}',
   'Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ: nội dung cần bổ sung.'),

  ('dossier.refused', 'email', 'Hồ sơ {{code}} không được tiếp nhận',
   E'Kính gửi ông/bà {{applicantName}},\n\n{{agencyName}} từ chối tiếp nhận hồ sơ "{{procedureName}}" (mã {{code}}) của ông/bà.\nLý do: {{reason}}\n\nTra cứu hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code,reason}',
   'Từ chối tiếp nhận hồ sơ: lý do.'),
  ('dossier.refused', 'sms', null,
   'Saola: hồ sơ {{code}} không được tiếp nhận. Lý do: {{reason}}. Chi tiết: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code,reason}',
   'Từ chối tiếp nhận hồ sơ: lý do.'),

  ('dossier.rejected', 'email', 'Hồ sơ {{code}} không đủ điều kiện giải quyết',
   E'Kính gửi ông/bà {{applicantName}},\n\nHồ sơ "{{procedureName}}" (mã {{code}}) của ông/bà không đủ điều kiện giải quyết.\nLý do: {{reason}}\n\nMời ông/bà liên hệ Bộ phận Một cửa của {{agencyName}} để nhận lại hồ sơ và văn bản trả lời.\nTra cứu hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code,reason}',
   'Hồ sơ không đủ điều kiện giải quyết: lý do.'),
  ('dossier.rejected', 'sms', null,
   'Saola: hồ sơ {{code}} không đủ điều kiện giải quyết. Lý do: {{reason}}. Chi tiết: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code,reason}',
   'Hồ sơ không đủ điều kiện giải quyết: lý do.'),

  ('dossier.result_ready', 'email', 'Hồ sơ {{code}} đã có kết quả',
   E'Kính gửi ông/bà {{applicantName}},\n\nHồ sơ "{{procedureName}}" (mã {{code}}) của ông/bà đã có kết quả giải quyết.\n{{howToGet}}\n\nTra cứu hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,howToGet}', '{code,howToGet}',
   'Hồ sơ có kết quả: cách nhận kết quả.'),
  ('dossier.result_ready', 'sms', null,
   'Saola: hồ sơ {{code}} đã có kết quả. {{howToGet}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,howToGet}', '{code,howToGet}',
   'Hồ sơ có kết quả: cách nhận kết quả.'),

  ('dossier.returned', 'email', 'Hồ sơ {{code}} đã trả kết quả',
   E'Kính gửi ông/bà {{applicantName}},\n\nKết quả giải quyết hồ sơ "{{procedureName}}" (mã {{code}}) đã được trả cho ông/bà lúc {{returnedAt}} ({{returnMethod}}).\nCảm ơn ông/bà đã sử dụng dịch vụ. Xem lại hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,returnedAt,returnMethod}', '{code}',
   'Đã trả kết quả cho người nộp.'),
  ('dossier.returned', 'sms', null,
   'Saola: hồ sơ {{code}} đã trả kết quả ({{returnMethod}}). Cảm ơn ông/bà đã sử dụng dịch vụ.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,returnedAt,returnMethod}', '{code}',
   'Đã trả kết quả cho người nộp.'),

  ('dossier.extended', 'email', 'Xin lỗi: hồ sơ {{code}} được hẹn lại ngày trả kết quả',
   E'Kính gửi ông/bà {{applicantName}},\n\n{{agencyName}} xin lỗi ông/bà vì hồ sơ "{{procedureName}}" (mã {{code}}) chưa giải quyết xong theo ngày hẹn {{previousDueAt}}.\nLý do: {{reason}}\nNgày hẹn trả kết quả mới: {{newDueAt}}\n\nMong ông/bà thông cảm. Tra cứu hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason,previousDueAt,newDueAt}', '{code,newDueAt}',
   'Hồ sơ quá hạn: thư xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).'),
  ('dossier.extended', 'sms', null,
   'Saola xin lỗi: hồ sơ {{code}} chưa giải quyết xong đúng hẹn. Hẹn trả kết quả mới: {{newDueAt}}. Tra cứu: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason,previousDueAt,newDueAt}', '{code,newDueAt}',
   'Hồ sơ quá hạn: thư xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).'),

  ('dossier.stopped', 'email', 'Hồ sơ {{code}} đã dừng giải quyết',
   E'Kính gửi ông/bà {{applicantName}},\n\n{{agencyName}} đã dừng giải quyết hồ sơ "{{procedureName}}" (mã {{code}}) của ông/bà.\nLý do: {{reason}}\n\nTra cứu hồ sơ: {{lookupUrl}}\n\nĐây là thư tự động, xin đừng trả lời thư này.',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code}',
   'Dừng giải quyết hồ sơ (Mẫu 05): lý do.'),
  ('dossier.stopped', 'sms', null,
   'Saola: hồ sơ {{code}} đã dừng giải quyết. Lý do: {{reason}}. Chi tiết: {{lookupUrl}}',
   '{applicantName,code,procedureName,agencyName,lookupUrl,reason}', '{code}',
   'Dừng giải quyết hồ sơ (Mẫu 05): lý do.');
