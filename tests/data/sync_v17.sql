-- An exchange file as lifecircle made it at schema version 17 (before versions named their base by
-- clock and node): its rows only. tests/unit/test_sync_oldfile builds the file from them on the schema
-- the migrations make at that version, as that lifecircle's export did. Office A01 made the community,
-- edited it twice, and met office B01's concurrent edit (kept as a conflict); B01's own community came along.
-- schema: 17
INSERT INTO community VALUES('01a20b53-c070-7297-9b92-9a97d3f99b7a','7bf52efc993290ac92aef7af0b529e02','2026-11-24T02:12:47.856Z','2026-11-24T02:12:47.856Z','001795486367856-00000','乙',0,'B01','乙社区','','海勃湾区',NULL,NULL,'',0,NULL,0,'existing');
INSERT INTO community VALUES('01a20b53-bfbf-7de8-98b7-7e535e87cd7d','e778c85da3c260590938056462b6b6a1','2026-11-24T02:12:47.679Z','2026-11-24T02:12:48.894Z','001795486368894-00000','甲',0,'A01','甲社区','','海勃湾区',100,4000,'001795486368334-00000',0,NULL,0,'existing');
INSERT INTO sync_lineage VALUES('01a20b53-bfbf-7de8-98b7-7e535e87cd7d','001795486368159-00000','001795486367679-00000');
INSERT INTO sync_lineage VALUES('01a20b53-bfbf-7de8-98b7-7e535e87cd7d','001795486368334-00000','001795486367679-00000');
INSERT INTO sync_conflict VALUES('community','01a20b53-bfbf-7de8-98b7-7e535e87cd7d','001795486368159-00000','7bf52efc993290ac92aef7af0b529e02','001795486367679-00000','concurrent','{"id":"01a20b53-bfbf-7de8-98b7-7e535e87cd7d","origin":"7bf52efc993290ac92aef7af0b529e02","created_at":"2026-11-24T02:12:47.679Z","updated_at":"2026-11-24T02:20:00Z","hlc":"001795486368159-00000","operator":"甲","deleted":0,"code":"A01","name":"甲社区","subdistrict":"","district":"海勃湾区","households":null,"residents":5000,"base":"001795486367679-00000","land_area":null,"old_estate":0,"development":"existing"}','','');
INSERT INTO sync_manifest VALUES('format','1');
INSERT INTO sync_manifest VALUES('office','A01');
INSERT INTO sync_manifest VALUES('node','e778c85da3c260590938056462b6b6a1');
INSERT INTO sync_manifest VALUES('made_at','2026-11-24T02:12:49.066Z');
INSERT INTO sync_manifest VALUES('dest','district');
INSERT INTO sync_manifest VALUES('full','1');
INSERT INTO sync_manifest VALUES('deidentified','0');
INSERT INTO sync_manifest VALUES('clock_min','001795486367856-00000');
INSERT INTO sync_manifest VALUES('clock_max','001795486368894-00000');
INSERT INTO sync_manifest VALUES('checksum','3b996f221ad5772b201a9fc65ccdf0aa7c926200d6dc1cd2eb8633348d350588');
INSERT INTO sync_manifest VALUES('count.community','2');
INSERT INTO sync_manifest VALUES('count.estate','0');
INSERT INTO sync_manifest VALUES('count.facility','0');
INSERT INTO sync_manifest VALUES('count.proposal','0');
INSERT INTO sync_manifest VALUES('count.feedback','0');
INSERT INTO sync_manifest VALUES('count.survey_template','0');
INSERT INTO sync_manifest VALUES('count.survey_response','0');
INSERT INTO sync_manifest VALUES('count.entry_keying','0');
INSERT INTO sync_manifest VALUES('count.entry_decision','0');
INSERT INTO sync_manifest VALUES('count.sync_lineage','2');
INSERT INTO sync_manifest VALUES('count.sync_conflict','1');
